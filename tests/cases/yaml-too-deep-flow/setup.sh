# 30,000 '[' (60 KB) overflowed the C composer's stack: the process died with SIGSEGV.
# Each file is deeper than that in its own way: a flow, compact block lists, mappings.
mkdir -p submissions
python3 -c "
import pathlib
head = 'format: parcli/submission/1\ncriteria: mini\nagency: {id: so-%s, name: S}\nitems: '
pathlib.Path('submissions/so-b.yaml').write_text(head % 'b' + '[' * 30000 + '\n')
pathlib.Path('submissions/so-c.yaml').write_text(head % 'c' + '\n' + '- ' * 40000 + 'x\n')
pathlib.Path('submissions/so-d.yaml').write_text(head % 'd' + '{a: ' * 30000 + '1' + '}' * 30000 + '\n')
"
