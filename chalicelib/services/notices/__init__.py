"""What the candidate is told and how: notice content, calendar, links, delivery, answers, bounces."""
