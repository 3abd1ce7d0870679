package io.github.sslstarter.starttls;

/**
 * POP3 (RFC 2595), the server's side: greeting {@code +OK}, {@code CAPA} listing STLS,
 * {@code STLS} answered {@code +OK}; other commands get {@code -ERR}.
 */
final class Pop3ServerDialogue implements ServerDialogue {

	private static final String EXPECTED = "a POP3 command (CAPA, STLS)";

	@Override
	public void run(PlaintextChannel channel, String serverName) throws StartTlsException {
		channel.send("+OK " + serverName + " POP3 ready\r\n");
		for (int i = 0; i < MAX_COMMANDS; i++) {
			Command command = Command.read(channel, EXPECTED);
			if (command.is("STLS") && command.argument().isEmpty()) {
				channel.goAhead("STLS", "+OK Begin TLS negotiation\r\n", "-ERR Command pipelined after STLS\r\n");
				return;
			}
			if (command.is("QUIT")) {
				channel.send("+OK Bye\r\n");
				throw channel.fail("expected STLS, but the client quit");
			}
			channel.send(command.is("CAPA") ? "+OK Capability list follows\r\nSTLS\r\n.\r\n" : "-ERR STLS first\r\n");
		}
		channel.send("-ERR Too many commands without STLS\r\n");
		throw channel.fail("expected STLS, but the client sent " + MAX_COMMANDS + " other commands");
	}

}
