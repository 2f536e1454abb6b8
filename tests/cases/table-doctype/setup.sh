# An entity declaration in a worksheet: an internal error (exit 3) in the XML parser.
python3 "$(dirname "$0")/../_shared/xlsx.py" appraisal.xlsx --doctype
