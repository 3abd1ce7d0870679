package io.github.sslstarter.client.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.github.sslstarter.test.TlsServer;

/**
 * A small SMTP server on the loopback address that offers STARTTLS and upgrades with a JSSE
 * server socket (EHLO, STARTTLS, EHLO, MAIL, RCPT, DATA, QUIT: what Jakarta Mail sends), or
 * speaks TLS from the first byte (SMTPS). Keeps each message it accepted and counts connections.
 */
final class SmtpTestServer implements AutoCloseable {

	private final SSLContext context;

	private final boolean needClientAuth;

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final TlsServer server;

	private SmtpTestServer(SSLContext context, boolean implicitTls, boolean needClientAuth) {
		this.context = context;
		this.needClientAuth = needClientAuth;
		TlsServer.Builder builder = TlsServer.builder().address(InetAddress.getLoopbackAddress());
		if (implicitTls) {
			builder.sslContext(context).needClientAuth(needClientAuth).handler((socket) -> converse(socket, true));
		}
		else {
			builder.plain().handler((socket) -> converse(socket, false));
		}
		this.server = builder.start();
	}

	/** A server on port 25's dialogue: plain until STARTTLS. */
	static SmtpTestServer startTls(SSLContext context, boolean needClientAuth) {
		return new SmtpTestServer(context, false, needClientAuth);
	}

	/** A server on port 465's: TLS from the first byte. */
	static SmtpTestServer smtps(SSLContext context) {
		return new SmtpTestServer(context, true, false);
	}

	int port() {
		return this.server.port();
	}

	/** The TCP connections accepted. */
	int connections() {
		return this.server.connections();
	}

	/** The messages accepted, as received after DATA. */
	List<String> messages() {
		return this.messages;
	}

	@Override
	public void close() {
		this.server.close();
	}

	private void converse(Socket socket, boolean tls) throws IOException {
		Socket current = socket;
		BufferedReader in = reader(current);
		OutputStream out = current.getOutputStream();
		reply(out, "220 localhost ESMTP test");
		String line;
		while ((line = in.readLine()) != null) {
			String command = line.toUpperCase(java.util.Locale.ROOT);
			if (command.startsWith("EHLO") || command.startsWith("HELO")) {
				reply(out, tls ? "250-localhost\r\n250 8BITMIME" : "250-localhost\r\n250-STARTTLS\r\n250 8BITMIME");
			}
			else if (command.equals("STARTTLS") && !tls) {
				reply(out, "220 2.0.0 Ready to start TLS");
				SSLSocket upgraded = (SSLSocket) this.context.getSocketFactory()
					.createSocket(current, null, current.getPort(), true);
				upgraded.setUseClientMode(false);
				upgraded.setNeedClientAuth(this.needClientAuth);
				upgraded.startHandshake();
				current = upgraded;
				in = reader(current);
				out = current.getOutputStream();
				tls = true;
			}
			else if (command.startsWith("MAIL FROM") || command.startsWith("RCPT TO") || command.equals("RSET")
					|| command.equals("NOOP")) {
				reply(out, tls ? "250 2.0.0 OK" : "530 5.7.0 Must issue a STARTTLS command first");
			}
			else if (command.equals("DATA")) {
				reply(out, "354 End data with <CR><LF>.<CR><LF>");
				StringBuilder message = new StringBuilder();
				String data;
				while ((data = in.readLine()) != null && !data.equals(".")) {
					message.append(data.startsWith("..") ? data.substring(1) : data).append('\n');
				}
				this.messages.add(message.toString());
				reply(out, "250 2.0.0 Queued");
			}
			else if (command.equals("QUIT")) {
				reply(out, "221 2.0.0 Bye");
				return;
			}
			else {
				reply(out, "502 5.5.1 Unrecognized command");
			}
		}
	}

	private static BufferedReader reader(Socket socket) throws IOException {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
	}

	private static void reply(OutputStream out, String reply) throws IOException {
		out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

}
