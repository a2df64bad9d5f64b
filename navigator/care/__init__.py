"""Patients, screening, eligibility and matching. Patient data here lives only in the vault."""
