"""Writing into submissions: round-trip YAML edits, atomic change sets, tables read from
CSV/XLSX, appraisal, survey import, new submissions and the JSON Schemas."""
