package io.github.sslstarter.starttls;

/**
 * FTP (RFC 4217): greeting 220 (after any 120 "ready in n minutes"), {@code AUTH TLS}, 234.
 */
final class FtpDialogue implements Dialogue {

	private static final int MAX_DELAY_REPLIES = 8;

	@Override
	public void run(PlaintextChannel channel, String host, String clientName) throws StartTlsException {
		NumericReply greeting = NumericReply.read(channel, "a 220 greeting");
		for (int i = 0; greeting.code() == 120 && i < MAX_DELAY_REPLIES; i++) {
			greeting = NumericReply.read(channel, "a 220 greeting");
		}
		if (greeting.code() != 220) {
			throw channel.unexpected("a 220 greeting", greeting.text());
		}
		channel.send("AUTH TLS\r\n");
		NumericReply ready = NumericReply.read(channel, "a 234 reply to AUTH TLS");
		if (ready.code() != 234) {
			throw channel.unexpected("a 234 reply to AUTH TLS", ready.text());
		}
		channel.expectNothingMore("the 234 reply to AUTH TLS");
	}

}
