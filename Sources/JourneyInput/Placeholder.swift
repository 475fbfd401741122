// JourneyInput: see the module's types.
