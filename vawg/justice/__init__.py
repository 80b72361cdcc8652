"""Justice: protective orders and disclosures with their deadlines, and crime outcomes with the attrition funnel."""
