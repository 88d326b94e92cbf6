"""The checks stage: every rule beyond a file's own schema, as located problems.

Cross-file references, the five objectives of a proposal, tender and pricing rules. Checks read
the model and return problems; they never stop at the first one.

- `workspace`: every problem of a workspace at once, for `kamdocs check`.
- `account`, `review`: the checks of an account file and of a quarterly review.
- `paths`: the files company.yaml and proposals name, and a proposal's people.
- `people`: who may own an item, and the owners no one knows.
- `wording`: internal words (margins, cost to serve, attitudes) in client-visible text.
- `figures`: figures over adjectives, a statement holds a digit.
- `objectives`: what a proposal lacks for each of the five objectives, O1 to O5.
- `tender`: the tender rules: award criteria and weights, requirements, dates, the DQE.
- `pricing_rules`: the price table's rules and its totals excl. VAT.
- `parts`: which parts of a proposal have data; `validity`: how long the offer is valid.
- `locate`: the field a problem is about, and the line of its file that field is on.
"""
