"""Permissions and vocabularies of the intelligence app (people causing harm, police data, RFG, MATAC).

The rules' parameters (the RFG model, linkage thresholds, serial definition) live beside their rules,
versioned; the offence codes and harm weights are configuration loaded by the partnership
(docs/people-causing-harm.md, docs/rfg.md).
"""

from __future__ import annotations

VIEW_PEOPLE_CAUSING_HARM = "intelligence.view_people_causing_harm"
MANAGE_PEOPLE_CAUSING_HARM = "intelligence.manage_people_causing_harm"
IMPORT_POLICE_DATA = "intelligence.import_police_data"
REVIEW_LINKS = "intelligence.review_links"
RUN_RANKING = "intelligence.run_ranking"
RUN_MATAC = "intelligence.run_matac"
TAKE_PART_IN_MATAC = "intelligence.take_part_in_matac"
