package io.github.sslstarter.starttls;

import java.util.Set;

/**
 * FTP (RFC 4217), the server's side: greeting 220, {@code FEAT} listing AUTH TLS,
 * {@code AUTH TLS} answered 234 ({@code AUTH TLS-C} and the older {@code AUTH SSL} too);
 * other mechanisms get 504, other commands 530.
 */
final class FtpServerDialogue implements ServerDialogue {

	private static final Set<String> MECHANISMS = Set.of("TLS", "TLS-C", "SSL");

	private static final String EXPECTED = "an FTP command (FEAT, AUTH TLS)";

	@Override
	public void run(PlaintextChannel channel, String serverName) throws StartTlsException {
		channel.send(NumericReply.of(220, serverName + " FTP ready").wire());
		for (int i = 0; i < MAX_COMMANDS; i++) {
			Command command = Command.read(channel, EXPECTED);
			String mechanism = command.argument().toUpperCase(java.util.Locale.ROOT);
			if (command.is("AUTH") && MECHANISMS.contains(mechanism)) {
				channel.goAhead("AUTH " + mechanism, NumericReply.of(234, "AUTH " + mechanism + " successful").wire(),
						NumericReply.of(421, "Command pipelined after AUTH " + mechanism).wire());
				return;
			}
			if (command.is("QUIT")) {
				channel.send(NumericReply.of(221, "Goodbye").wire());
				throw channel.fail("expected AUTH TLS, but the client quit");
			}
			channel.send(switch (command.verb()) {
				// RFC 2389: feature lines start with a space and carry no code
				case "FEAT" -> "211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n211 End\r\n";
				case "AUTH" -> NumericReply.of(504, "AUTH TLS only").wire();
				case "NOOP" -> NumericReply.of(200, "OK").wire();
				default -> NumericReply.of(530, "Please use AUTH TLS first").wire();
			});
		}
		channel.send(NumericReply.of(421, "Too many commands without AUTH TLS").wire());
		throw channel.fail("expected AUTH TLS, but the client sent " + MAX_COMMANDS + " other commands");
	}

}
