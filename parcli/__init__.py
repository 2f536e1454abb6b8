"""parcli: Vietnam's administrative reform index (Chỉ số CCHC, PAR INDEX) from YAML files in git."""
