"""Interviews that arrive from other systems (an ATS, a CRM): signed deliveries, booked once per external id."""
