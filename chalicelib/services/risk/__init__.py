"""The no-show probability: a logistic model over an interview's factors, its prior and what it learns."""
