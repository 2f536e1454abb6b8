# A formula no program computed (written by a script, never opened in Excel): its cell was
# read as empty, and the agency's result silently vanished from the import.
python3 "$(dirname "$0")/../_shared/xlsx.py" survey.xlsx --formula B2
