"""The conversions between the legacy_relay and graph dialects, both ways
(`convert-relay-to-graph`, `convert-graph-to-relay`): the only code that knows both
dialects. `common` holds the type converters and the function, return and call patterns;
`relay_rules` and `graph_rules` the per-op rules, as tables (`emit`)."""
