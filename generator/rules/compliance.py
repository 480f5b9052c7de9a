"""Tender compliance rules (requirement-answered, deviation-star,
deviation-derived, prose-number) — see the tender-compliance issue."""
