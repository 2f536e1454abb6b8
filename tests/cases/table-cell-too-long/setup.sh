# A note of 200,000 characters: over the csv module's field limit, an internal error (exit 3).
python3 -c "
import pathlib
note = 'x' * 200_000
pathlib.Path('appraisal.csv').write_text('agency,item,round,score,note\nso-a,1.1.1,1,0.5,' + note + '\n', encoding='utf-8')
"
