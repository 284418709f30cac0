"""The gateway's rules: credentials, tokens, keys, rate limits, authorization."""
