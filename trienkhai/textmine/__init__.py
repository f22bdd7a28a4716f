"""Read Vietnamese narrative reports. Plain Python: never import Django here."""
