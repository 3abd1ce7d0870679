package io.github.sslstarter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;
import nl.altindag.ssl.SSLFactory;

/** The clients measured, each as a user gets it, and what the benchmarks share. */
final class Clients {

	static final String HOST = "localhost";

	/** The CA every client trusts (ECDSA P-256), made once per JVM. */
	static final TestCertificate CA = TestCertificate.authority("Bench CA");

	/** The server's certificate, for localhost, from the CA. */
	static final TestCertificate SERVER = TestCertificate.builder().localhost().signedBy(CA).build();

	private Clients() {
	}

	/** This project's factory with its defaults (TCP_NODELAY on, host name verified in the handshake). */
	static SslSocketFactory starter(String provider, HandshakeListener listener) {
		SslSettings settings = SslSettings.builder()
			.name("bench")
			.trustedCertificates(List.of(CA.certificate()))
			.trustSystemDefaults(false)
			.provider(provider)
			.build();
		return new SslSocketFactory(new SslContextFactory(settings), listener);
	}

	/** Raw JSSE: a context trusting the CA (PKIX) and nothing else. */
	static SSLContext rawContext() {
		return TestSslContexts.client(CA.certificate());
	}

	/** Raw JSSE configured the same: PKIX trust in the CA, TCP_NODELAY, HTTPS endpoint identification. */
	static SSLSocket raw(SSLSocketFactory factory, int port) throws IOException {
		Socket plain = new Socket();
		plain.setTcpNoDelay(true);
		plain.connect(new InetSocketAddress(HOST, port), 10_000);
		SSLSocket socket = (SSLSocket) factory.createSocket(plain, HOST, port, true);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		parameters.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		return socket;
	}

	/** sslcontext-kickstart's socket factory as its README shows it, at its defaults. */
	static SSLFactory kickstart() {
		return SSLFactory.builder().withTrustMaterial(CA.certificate()).build();
	}

	/** One request/response of one byte, then close. */
	static void pingAndClose(Socket socket) throws IOException {
		try (socket) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write(42);
			out.flush();
			if (in.read() != 42) {
				throw new IOException("bad echo");
			}
		}
	}

	/** Forgets every client session, so the next handshake is a full one; the same for every client. */
	static void forgetSessions(SSLContext context) {
		forgetSessions(context.getClientSessionContext());
	}

	/** Forgets every session of that cache. */
	static void forgetSessions(SSLSessionContext sessions) {
		Enumeration<byte[]> ids = sessions.getIds();
		while (ids.hasMoreElements()) {
			SSLSession session = sessions.getSession(ids.nextElement());
			if (session != null) {
				session.invalidate();
			}
		}
	}

	/** Appends a line to the statistics file the report reads, if one was given. */
	static void writeStatistic(String line) {
		String file = System.getProperty("bench.stats");
		if (file == null) {
			return;
		}
		try {
			Files.writeString(Path.of(file), line + "\n", java.nio.file.StandardOpenOption.CREATE,
					java.nio.file.StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
