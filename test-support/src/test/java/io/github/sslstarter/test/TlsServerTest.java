package io.github.sslstarter.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TlsServerTest {

	private static final TestCertificate ca = TestCertificate.authority("Server Test CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	private static final SSLContext client = TestSslContexts.client(ca.certificate());

	@Test
	void echoesLinesOverAVerifiedConnectionAndRecordsTheSession() throws Exception {
		try (TlsServer server = TlsServer.builder().certificate(localhost).start();
				SSLSocket socket = connect(client, "localhost", server.port())) {
			assertThat(server.isTls()).isTrue();
			assertThat(server.address().getHostAddress()).isEqualTo("127.0.0.1");
			assertThat(echo(socket, "hello")).isEqualTo("hello");
			assertThat(List.of(socket.getSession().getPeerCertificates())).isEqualTo(localhost.chain());
			assertThat(server.sessions()).singleElement()
				.satisfies((session) -> assertThat(((ExtendedSSLSession) session).getRequestedServerNames())
					.containsExactly(new SNIHostName("localhost")));
			assertThat(server.connections()).isEqualTo(1);
			assertThat(server.failures()).isEmpty();
		}
	}

	@Test
	void listensOnTheIpv6LoopbackWhenAsked() throws Exception {
		try (TlsServer server = TlsServer.builder().certificate(localhost).address("::1").start();
				SSLSocket socket = connect(client, "::1", server.port())) {
			assertThat(server.address()).isEqualTo(InetAddress.getByName("::1"));
			assertThat(echo(socket, "six")).isEqualTo("six");
		}
	}

	@Test
	void aClientThatDoesNotTrustTheServerFailsAndTheServerRecordsIt() throws Exception {
		TestCertificate otherCa = TestCertificate.authority("Other CA");
		try (TlsServer server = TlsServer.builder().certificate(localhost).start()) {
			assertThatExceptionOfType(SSLHandshakeException.class)
				.isThrownBy(() -> connect(TestSslContexts.client(otherCa.certificate()), "localhost", server.port()));
			awaitFailure(server);
			assertThat(server.lastFailure()).isInstanceOf(IOException.class);
			assertThat(server.sessions()).isEmpty();
		}
	}

	@Test
	void requiresAClientCertificateWhenToldTo() throws Exception {
		TestCertificate clientCertificate = TestCertificate.builder().commonName("client").signedBy(ca).build();
		try (TlsServer server = TlsServer.builder()
			.sslContext(TestSslContexts.mutual(localhost, ca.certificate()))
			.needClientAuth(true)
			.protocols("TLSv1.2")
			.start()) {
			try (SSLSocket socket = connect(TestSslContexts.mutual(clientCertificate, ca.certificate()), "localhost",
					server.port())) {
				assertThat(echo(socket, "mutual")).isEqualTo("mutual");
				assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
			}
			assertThat(server.sessions().get(0).getPeerPrincipal().getName()).isEqualTo("CN=client");
			// refused by an alert, or by the server closing first
			assertThatIOException().isThrownBy(() -> connect(client, "localhost", server.port()));
		}
	}

	@Test
	void appliesSslParameters() throws Exception {
		try (TlsServer server = TlsServer.builder()
			.certificate(localhost)
			.sslParameters((parameters) -> parameters.setApplicationProtocols(new String[] { "http/1.1" }))
			.start();
				SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("localhost", server.port())) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setApplicationProtocols(new String[] { "h2", "http/1.1" });
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
		}
	}

	@Test
	void aHandlerCanDriveTheHandshakeItself() throws Exception {
		try (TlsServer server = TlsServer.builder()
			.certificate(localhost)
			.handshake(false)
			.handler((socket) -> {
				((SSLSocket) socket).startHandshake();
				ConnectionHandler.echoBytes().handle(socket);
			})
			.start(); SSLSocket socket = connect(client, "localhost", server.port())) {
			socket.getOutputStream().write(42);
			socket.getOutputStream().flush();
			assertThat(socket.getInputStream().read()).isEqualTo(42);
			assertThat(server.sessions()).isEmpty();
		}
	}

	@Test
	void recordsWhatAHandlerThrows() throws Exception {
		try (TlsServer server = TlsServer.builder()
			.plain()
			.handler((socket) -> {
				throw new IllegalStateException("handler failure");
			})
			.start(); Socket socket = new Socket("127.0.0.1", server.port())) {
			assertThat(server.isTls()).isFalse();
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			awaitFailure(server);
			assertThat(server.failures()).singleElement().satisfies((failure) -> assertThat(failure)
				.isInstanceOf(IllegalStateException.class).hasMessage("handler failure"));
		}
	}

	@Test
	void stopsListeningAfterItsLastConnection() throws Exception {
		try (TlsServer server = TlsServer.builder().plain().maxConnections(1).handler(ConnectionHandler.discard())
			.start()) {
			new Socket("127.0.0.1", server.port()).close();
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (server.isListening() && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			// its own state: probing the port races with any other process that takes the freed port
			assertThat(server.isListening()).as("listens after the first connection").isFalse();
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void closeEndsOpenConnectionsPromptly() throws Exception {
		TlsServer server = TlsServer.builder().certificate(localhost).start();
		try (SSLSocket socket = connect(client, "localhost", server.port())) {
			assertThat(echo(socket, "open")).isEqualTo("open");
			long start = System.nanoTime();
			server.close();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			socket.setSoTimeout(5000);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertThat(server.failures()).as("what closing caused is no failure").isEmpty();
		}
		assertThat(server.isListening()).isFalse();
	}

	@Test
	void refusesToStartWithoutWhatItServesWithAndTlsSettingsOnAPlainServer() {
		assertThatIllegalStateException().isThrownBy(() -> TlsServer.builder().start())
			.withMessageContaining("certificate(...), sslContext(...) or serverSocketFactory(...)");
		assertThatIllegalStateException().isThrownBy(() -> TlsServer.builder().plain().protocols("TLSv1.3").start())
			.withMessageContaining("need a TLS server");
	}

	static SSLSocket connect(SSLContext context, String host, int port) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
		try {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			if (Character.isLetter(host.charAt(0))) {
				// the JDK sends no SNI for a name without a dot by itself
				parameters.setServerNames(List.of(new SNIHostName(host)));
			}
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(10_000);
			socket.startHandshake();
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	static String echo(Socket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	private static void awaitFailure(TlsServer server) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (server.failures().isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(server.failures()).as("server failures").isNotEmpty();
	}

}
