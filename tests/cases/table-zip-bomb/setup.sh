# A 50 KB workbook holding an entry of 50 MB of zeros (a zip bomb): inflated without bound.
python3 "$(dirname "$0")/../_shared/xlsx.py" survey.xlsx --bomb 50
