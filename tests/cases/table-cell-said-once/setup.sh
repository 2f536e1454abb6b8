# A score cell that cannot be read (longer than any cell Excel holds) was also reported as
# an empty cell (“ô trống”): the cell is not empty, and one cell gets one problem.
python3 -c "
import pathlib
pathlib.Path('appraisal.csv').write_text('agency,item,round,score,note\nso-a,1.1.1,1,' + '5' * 40_000 + ',\n', encoding='utf-8')
"
