"""What happens after the notice: day-before reminders, HR digest, monthly report."""
