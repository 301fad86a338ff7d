"""The generic IR core: values, operations, blocks, regions, attributes, types, text."""
