# 5,000 unknown item ids in one mapping: validation used to be quadratic in them, and
# printed every one. Now 100 lines are printed, then one that counts the rest.
mkdir -p submissions
python3 -c "
import pathlib
lines = ['format: parcli/submission/1', 'criteria: mini', 'agency: {id: so-a, name: Sở A}', 'items:']
lines += ['  \"9.%d\": {self: 1}' % i for i in range(1, 5001)]
pathlib.Path('submissions/so-a.yaml').write_text('\n'.join(lines) + '\n', encoding='utf-8')
"
