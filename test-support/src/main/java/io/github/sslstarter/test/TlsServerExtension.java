package io.github.sslstarter.test;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts a {@link TlsServer} before the tests and closes it after them:
 * once for the class when registered on a static field, once per test on an instance field.
 *
 * <pre>{@code
 * static final TestCertificate ca = TestCertificate.builder().commonName("Test CA").certificateAuthority(0).build();
 *
 * @RegisterExtension
 * static final TlsServerExtension server = TlsServerExtension
 *     .of(TlsServer.builder().certificate(TestCertificate.builder().localhost().signedBy(ca).build()));
 *
 * @Test
 * void talksTls() throws IOException {
 *     try (SSLSocket socket = (SSLSocket) TestSslContexts.client(ca.certificate())
 *             .getSocketFactory().createSocket("localhost", server.port())) {
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class TlsServerExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	private final TlsServer.Builder builder;

	private volatile TlsServer server;

	private volatile boolean perClass;

	private TlsServerExtension(TlsServer.Builder builder) {
		this.builder = builder;
	}

	/**
	 * An extension that starts a server of that builder.
	 * @param builder the server's settings
	 * @return the extension
	 */
	public static TlsServerExtension of(TlsServer.Builder builder) {
		return new TlsServerExtension(Objects.requireNonNull(builder, "builder"));
	}

	/**
	 * The running server.
	 * @return the server
	 * @throws IllegalStateException outside the tests it runs for
	 */
	public TlsServer server() {
		TlsServer server = this.server;
		if (server == null) {
			throw new IllegalStateException("The TLS server runs only while the tests run: register the extension "
					+ "with @RegisterExtension and ask for it inside a test");
		}
		return server;
	}

	/**
	 * The port of the running server.
	 * @return the port
	 */
	public int port() {
		return server().port();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.perClass = true;
		this.server = this.builder.start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (!this.perClass) {
			this.server = this.builder.start();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (!this.perClass) {
			stop();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
		this.perClass = false;
	}

	private void stop() {
		TlsServer server = this.server;
		this.server = null;
		if (server != null) {
			server.close();
		}
	}

}
