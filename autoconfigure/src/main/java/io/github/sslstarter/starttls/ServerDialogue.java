package io.github.sslstarter.starttls;

/**
 * The server side of one protocol's plaintext dialogue: greets, answers what a client may ask
 * before the upgrade, and ends with the go-ahead for TLS, given only when nothing follows the
 * client's upgrade command ({@link PlaintextChannel#goAhead}).
 */
interface ServerDialogue {

	/** How many commands a client may send before the upgrade command. */
	int MAX_COMMANDS = 16;

	void run(PlaintextChannel channel, String serverName) throws StartTlsException;

}
