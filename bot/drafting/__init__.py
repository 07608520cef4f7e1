"""A complaint's draft from the citizen's own words: where it is (location), which category and unit
(the router's guesses), and what a message in the flow changes (corrections, replies that are no field)."""
