// JourneySessions: see the module's types.
