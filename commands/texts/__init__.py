"""What the bot says, one module per command family, each with a German and an English table."""
