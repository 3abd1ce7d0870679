package io.github.sslstarter.starttls;

/**
 * POP3 (RFC 2595): greeting {@code +OK}, {@code STLS}, {@code +OK}.
 */
final class Pop3Dialogue implements Dialogue {

	@Override
	public void run(PlaintextChannel channel, String host, String clientName) throws StartTlsException {
		String greeting = channel.readLine("a '+OK' greeting");
		if (!ImapDialogue.startsWithWord(greeting, "+OK")) {
			throw channel.unexpected("a '+OK' greeting", greeting);
		}
		channel.send("STLS\r\n");
		String ready = channel.readLine("'+OK' in reply to STLS");
		if (!ImapDialogue.startsWithWord(ready, "+OK")) {
			throw channel.unexpected("'+OK' in reply to STLS", ready);
		}
		channel.expectNothingMore("'+OK' to STLS");
	}

}
