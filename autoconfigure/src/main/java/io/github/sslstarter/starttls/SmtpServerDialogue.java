package io.github.sslstarter.starttls;

/**
 * SMTP (RFC 3207), the server's side: greeting 220, EHLO answered with STARTTLS among the
 * extensions, {@code STARTTLS} answered 220. Other commands before it get 530 (RFC 3207
 * section 4).
 */
final class SmtpServerDialogue implements ServerDialogue {

	private static final String EXPECTED = "an SMTP command (EHLO, STARTTLS)";

	@Override
	public void run(PlaintextChannel channel, String serverName) throws StartTlsException {
		channel.send(NumericReply.of(220, serverName + " ESMTP ready").wire());
		for (int i = 0; i < MAX_COMMANDS; i++) {
			Command command = Command.read(channel, EXPECTED);
			if (command.is("STARTTLS") && command.argument().isEmpty()) {
				channel.goAhead("STARTTLS", NumericReply.of(220, "2.0.0 Ready to start TLS").wire(),
						NumericReply.of(554, "5.5.1 Error: command pipelined after STARTTLS").wire());
				return;
			}
			if (command.is("QUIT")) {
				channel.send(NumericReply.of(221, "2.0.0 Bye").wire());
				throw channel.fail("expected STARTTLS, but the client quit");
			}
			channel.send(reply(command, serverName).wire());
		}
		channel.send(NumericReply.of(421, "4.7.0 " + serverName + " Too many commands without STARTTLS").wire());
		throw channel.fail("expected STARTTLS, but the client sent " + MAX_COMMANDS + " other commands");
	}

	private static NumericReply reply(Command command, String serverName) {
		return switch (command.verb()) {
			// the client's name is not echoed: it is the client's text
			case "EHLO" -> NumericReply.of(250, serverName, "STARTTLS");
			case "HELO" -> NumericReply.of(250, serverName);
			case "NOOP", "RSET" -> NumericReply.of(250, "2.0.0 OK");
			case "STARTTLS" -> NumericReply.of(501, "5.5.4 Syntax: STARTTLS (no parameters)");
			default -> NumericReply.of(530, "5.7.0 Must issue a STARTTLS command first");
		};
	}

}
