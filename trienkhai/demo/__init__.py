"""The Phổ Yên demo: real organisation names and the seed's facts, plus illustrative records.

Every section is idempotent (it checks its own marker first), so loading twice
changes nothing. Everything goes through the same services as the UI.
"""
