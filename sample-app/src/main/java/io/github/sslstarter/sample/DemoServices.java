package io.github.sslstarter.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.core.SslServerSocketFactory;

/**
 * The demo's loopback services, started when the bean is created (before the peer checks
 * start): TLS echo services for the good, the expiring and the wrong-host certificate and for
 * mutual TLS, each with the server socket factory of its context, and an SMTP-like service that
 * upgrades to TLS with STARTTLS.
 */
@Component
class DemoServices implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DemoServices.class);

	private final List<ServerSocket> listeners = new ArrayList<>();

	DemoServices(SslContexts contexts, @Value("${sample.ports.echo}") int echo,
			@Value("${sample.ports.expiring}") int expiring, @Value("${sample.ports.wrong-host}") int wrongHost,
			@Value("${sample.ports.mtls}") int mtls, @Value("${sample.ports.smtp}") int smtp) throws IOException {
		echo("echo", contexts.serverSocketFactory("primary"), echo);
		echo("expiring", contexts.serverSocketFactory("expiring-server"), expiring);
		echo("wrong-host", contexts.serverSocketFactory("wrong-host-server"), wrongHost);
		echo("mtls", contexts.serverSocketFactory("mtls-server"), mtls);
		smtp(contexts.serverSocketFactory("primary"), smtp);
	}

	private void echo(String name, SslServerSocketFactory factory, int port) throws IOException {
		ServerSocket listener = factory.createServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
		start(name, listener, (socket) -> {
			SSLSocket tls = factory.handshake((SSLSocket) socket);
			echoLines(tls);
		});
		logger.info("TLS echo service '" + name + "' (context " + factory.contextFactory().name()
				+ ") on 127.0.0.1:" + port);
	}

	private void smtp(SslServerSocketFactory factory, int port) throws IOException {
		ServerSocket listener = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
		start("smtp", listener, (socket) -> {
			if (SmtpLikeDialogue.serve(socket)) {
				SSLSocket tls = (SSLSocket) factory.contextFactory()
					.sslContext()
					.getSocketFactory()
					.createSocket(socket, null, socket.getPort(), true);
				tls.setUseClientMode(false);
				tls.setSSLParameters(factory.contextFactory().serverParameters());
				factory.handshake(tls);
				echoLines(tls);
			}
		});
		logger.info("SMTP-like STARTTLS service on 127.0.0.1:" + port);
	}

	private void start(String name, ServerSocket listener, Connection connection) {
		this.listeners.add(listener);
		Thread acceptor = new Thread(() -> {
			while (!listener.isClosed()) {
				try {
					Socket accepted = listener.accept();
					Thread worker = new Thread(() -> serve(name, accepted, connection), "demo-" + name);
					worker.setDaemon(true);
					worker.start();
				}
				catch (IOException ex) {
					// closed
				}
			}
		}, "demo-" + name + "-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private static void serve(String name, Socket socket, Connection connection) {
		try (socket) {
			socket.setSoTimeout(10_000);
			connection.serve(socket);
		}
		catch (IOException ex) {
			// the peer checks see the failure from their side; here it is only noise
			logger.debug("Demo service '" + name + "': " + ex.getMessage());
		}
	}

	private static void echoLines(SSLSocket tls) throws IOException {
		BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
		OutputStream out = tls.getOutputStream();
		String line;
		while ((line = in.readLine()) != null) {
			out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
		}
	}

	@Override
	public void destroy() throws IOException {
		for (ServerSocket listener : this.listeners) {
			listener.close();
		}
	}

	/** What one service does with one accepted connection. */
	@FunctionalInterface
	private interface Connection {

		void serve(Socket socket) throws IOException;

	}

	/** The server side of SMTP up to STARTTLS (RFC 3207), just enough for a client to upgrade. */
	static final class SmtpLikeDialogue {

		private SmtpLikeDialogue() {
		}

		/** Greets, answers EHLO with STARTTLS, and returns {@code true} after the 220 go-ahead. */
		static boolean serve(Socket socket) throws IOException {
			OutputStream out = socket.getOutputStream();
			write(out, "220 localhost ESMTP ssl-spring-boot-starter sample");
			while (true) {
				String line = readLine(socket);
				if (line == null) {
					return false;
				}
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO")) {
					write(out, "250-localhost greets you");
					write(out, "250-8BITMIME");
					write(out, "250 STARTTLS");
				}
				else if (command.equals("STARTTLS")) {
					write(out, "220 2.0.0 Ready to start TLS");
					return true;
				}
				else if (command.equals("QUIT")) {
					write(out, "221 2.0.0 Bye");
					return false;
				}
				else {
					write(out, "502 5.5.1 Only EHLO, STARTTLS and QUIT here");
				}
			}
		}

		// byte by byte: nothing after the line may be consumed, the TLS layer reads it
		private static String readLine(Socket socket) throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = socket.getInputStream().read()) != -1) {
				if (c == '\n') {
					int end = line.length();
					return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
				}
				if (line.length() > 1000) {
					return null;
				}
				line.append((char) c);
			}
			return null;
		}

		private static void write(OutputStream out, String line) throws IOException {
			out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}

	}

}
