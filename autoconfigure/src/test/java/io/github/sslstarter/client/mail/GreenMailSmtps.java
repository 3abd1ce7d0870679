package io.github.sslstarter.client.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;

/**
 * GreenMail's SMTPS server on the loopback address with a server context of the test's (GreenMail
 * itself would take one key store per JVM from system properties).
 */
final class GreenMailSmtps implements AutoCloseable {

	private final Managers managers = new Managers();

	private final Server server;

	private GreenMailSmtps(SSLContext context, boolean needClientAuth) throws InterruptedException {
		this.server = new Server(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS), this.managers, context,
				needClientAuth);
		this.server.startService();
		if (!this.server.waitTillRunning(10_000)) {
			throw new IllegalStateException("GreenMail's SMTPS server did not start");
		}
	}

	static GreenMailSmtps start(SSLContext context, boolean needClientAuth) throws InterruptedException {
		return new GreenMailSmtps(context, needClientAuth);
	}

	int port() {
		return this.server.localPort();
	}

	/** The subjects of the messages received. */
	List<String> subjects() {
		return this.managers.getImapHostManager().getAllMessages().stream().map(GreenMailSmtps::subject).toList();
	}

	private static String subject(StoredMessage message) {
		try {
			return message.getMimeMessage().getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stopService();
	}

	private static final class Server extends SmtpServer {

		private final SSLContext context;

		private final boolean needClientAuth;

		Server(ServerSetup setup, Managers managers, SSLContext context, boolean needClientAuth) {
			super(setup, managers);
			this.context = context;
			this.needClientAuth = needClientAuth;
		}

		@Override
		protected ServerSocket openServerSocket() throws IOException {
			SSLServerSocket socket = (SSLServerSocket) this.context.getServerSocketFactory().createServerSocket();
			socket.setNeedClientAuth(this.needClientAuth);
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket;
		}

		int localPort() {
			return this.serverSocket.getLocalPort();
		}

	}

}
