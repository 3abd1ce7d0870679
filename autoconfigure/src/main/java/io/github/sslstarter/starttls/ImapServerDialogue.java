package io.github.sslstarter.starttls;

/**
 * IMAP (RFC 3501), the server's side: greeting {@code * OK} with the capabilities (STARTTLS,
 * LOGINDISABLED), {@code CAPABILITY} and {@code NOOP} answered, {@code tag STARTTLS} answered
 * {@code tag OK}; other commands get {@code BAD}.
 */
final class ImapServerDialogue implements ServerDialogue {

	private static final String CAPABILITIES = "IMAP4rev1 STARTTLS LOGINDISABLED";

	private static final String EXPECTED = "an IMAP command (CAPABILITY, STARTTLS)";

	@Override
	public void run(PlaintextChannel channel, String serverName) throws StartTlsException {
		channel.send("* OK [CAPABILITY " + CAPABILITIES + "] " + serverName + " IMAP4rev1 ready\r\n");
		for (int i = 0; i < MAX_COMMANDS; i++) {
			Command command = Command.readTagged(channel, EXPECTED);
			if (!command.hasValidTag()) {
				channel.send("* BAD Missing or invalid tag\r\n");
				continue;
			}
			String tag = command.tag();
			if (command.is("STARTTLS") && command.argument().isEmpty()) {
				channel.goAhead(tag + " STARTTLS", tag + " OK Begin TLS negotiation now\r\n",
						"* BYE Command pipelined after STARTTLS\r\n");
				return;
			}
			if (command.is("LOGOUT")) {
				channel.send("* BYE Logging out\r\n" + tag + " OK LOGOUT completed\r\n");
				throw channel.fail("expected STARTTLS, but the client logged out");
			}
			channel.send(switch (command.verb()) {
				case "CAPABILITY" -> "* CAPABILITY " + CAPABILITIES + "\r\n" + tag + " OK CAPABILITY completed\r\n";
				case "NOOP" -> tag + " OK NOOP completed\r\n";
				default -> tag + " BAD STARTTLS first\r\n";
			});
		}
		channel.send("* BYE Too many commands without STARTTLS\r\n");
		throw channel.fail("expected STARTTLS, but the client sent " + MAX_COMMANDS + " other commands");
	}

}
