# A 2 KB workbook with one cell at XFD1048576: iterating the range it claims exhausted memory.
python3 "$(dirname "$0")/../_shared/xlsx.py" survey.xlsx --stray XFD1048576
