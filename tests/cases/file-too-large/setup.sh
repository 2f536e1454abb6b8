# A file of 9 MB: no hand-edited criteria set or submission comes near parcli's 8 MB cap.
python3 -c "
import pathlib
line = '# ' + 'x' * 98 + '\n'
pathlib.Path('submissions/so-b.yaml').write_text('format: parcli/submission/1\n' + line * 94372)
"
