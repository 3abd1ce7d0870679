package io.github.sslstarter.starttls;

/**
 * SMTP (RFC 3207): greeting 220, {@code EHLO}, STARTTLS among the extensions, {@code STARTTLS},
 * 220.
 */
final class SmtpDialogue implements Dialogue {

	@Override
	public void run(PlaintextChannel channel, String host, String clientName) throws StartTlsException {
		NumericReply greeting = NumericReply.read(channel, "a 220 greeting");
		if (greeting.code() != 220) {
			throw channel.unexpected("a 220 greeting", greeting.text());
		}
		channel.send("EHLO " + clientName + "\r\n");
		NumericReply ehlo = NumericReply.read(channel, "a 250 reply to EHLO");
		if (ehlo.code() != 250) {
			throw channel.unexpected("a 250 reply to EHLO", ehlo.text());
		}
		if (!advertisesStartTls(ehlo)) {
			throw channel.unexpected(
					"STARTTLS among the extensions in the reply to EHLO (the server does not offer it)", ehlo.text());
		}
		channel.send("STARTTLS\r\n");
		NumericReply ready = NumericReply.read(channel, "a 220 reply to STARTTLS");
		if (ready.code() != 220) {
			throw channel.unexpected("a 220 reply to STARTTLS", ready.text());
		}
		channel.expectNothingMore("the 220 reply to STARTTLS");
	}

	private static boolean advertisesStartTls(NumericReply ehlo) {
		// the first line is the server's domain, the others are extension keywords
		return ehlo.lines().stream().skip(1).map(String::trim).anyMatch((line) -> line.equalsIgnoreCase("STARTTLS")
				|| line.regionMatches(true, 0, "STARTTLS ", 0, 9));
	}

}
