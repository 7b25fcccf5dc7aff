// Shared test support: the conformance suite every policy passes.
