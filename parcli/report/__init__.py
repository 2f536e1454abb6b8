"""Reports: score cards and plans → report data → template context → Markdown, DOCX, XLSX."""
