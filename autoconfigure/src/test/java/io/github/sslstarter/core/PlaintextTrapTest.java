package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * IO::Socket::SSL's {@code SSL_error_trap}: a plain-text client on a TLS port is handed to a trap
 * that can answer it, while TLS clients get TLS.
 */
class PlaintextTrapTest {

	private static final TestCertificate ca = TestCertificate.authority("Trap CA");

	private static final Identity localhost = identity(TestCertificate.builder().localhost().signedBy(ca).build());

	private final SslServerSocketFactory server = new SslServerSocketFactory(
			new SslContextFactory(SslSettings.builder().name("server").identity(localhost).build()));

	private final PlaintextTrap redirect = (socket, first) -> socket.getOutputStream()
		.write("HTTP/1.0 400 Bad Request\r\n\r\nThis port speaks TLS: use https\r\n".getBytes(StandardCharsets.US_ASCII));

	private Thread serveOne(ServerSocket listener, AtomicReference<SSLSocket> accepted) {
		Thread thread = new Thread(() -> {
			try (Socket plain = listener.accept()) {
				SSLSocket tls = this.server.accept(plain, this.redirect);
				accepted.set(tls);
				if (tls != null) {
					String line = new BufferedReader(new InputStreamReader(tls.getInputStream())).readLine();
					tls.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
					tls.close();
				}
			}
			catch (Exception ex) {
				// the client's assertions report it
			}
		});
		thread.start();
		return thread;
	}

	@Test
	void answersAPlainTextClientThroughTheTrap() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
			AtomicReference<SSLSocket> accepted = new AtomicReference<>();
			Thread thread = serveOne(listener, accepted);
			try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), listener.getLocalPort())) {
				client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
				assertThat(answer).startsWith("HTTP/1.0 400").contains("use https");
			}
			thread.join(5000);
			assertThat(accepted.get()).isNull();
		}
	}

	@Test
	void givesTlsClientsTls() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
			AtomicReference<SSLSocket> accepted = new AtomicReference<>();
			Thread thread = serveOne(listener, accepted);
			SslSocketFactory client = new SslSocketFactory(new SslContextFactory(
					SslSettings.builder().trustedCertificates(List.of(ca.certificate())).trustSystemDefaults(false).build()));
			try (SSLSocket socket = client.connect("localhost", listener.getLocalPort())) {
				socket.getOutputStream().write("tls\n".getBytes(StandardCharsets.UTF_8));
				assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine())
					.isEqualTo("tls");
			}
			thread.join(5000);
			assertThat(accepted.get()).isNotNull();
		}
	}

}
