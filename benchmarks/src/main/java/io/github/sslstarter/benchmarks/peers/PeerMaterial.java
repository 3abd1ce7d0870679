package io.github.sslstarter.benchmarks.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The files every peer of the external-peer benchmarks reads (one CA, an ECDSA P-256 and an
 * RSA-2048 server certificate for localhost, as PEM), and the one request and answer they trade.
 */
final class PeerMaterial {

	static final String HOST = "localhost";

	static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	static final byte[] ANSWER = "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII);

	private PeerMaterial() {
	}

	static Path ca(Path dir) {
		return dir.resolve("ca.pem");
	}

	static Path chain(Path dir, String key) {
		return dir.resolve(key + ".pem");
	}

	static Path privateKey(Path dir, String key) {
		return dir.resolve(key + "-key.pem");
	}

	static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
		try (InputStream in = Files.newInputStream(pem)) {
			List<X509Certificate> chain = new ArrayList<>();
			CertificateFactory.getInstance("X.509").generateCertificates(in).forEach((c) -> chain.add((X509Certificate) c));
			return chain;
		}
	}

	static PrivateKey key(Path pem) throws IOException, GeneralSecurityException {
		String text = Files.readString(pem);
		String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
		try {
			return KeyFactory.getInstance("EC").generatePrivate(spec);
		}
		catch (GeneralSecurityException ex) {
			return KeyFactory.getInstance("RSA").generatePrivate(spec);
		}
	}

	static TrustManagerFactory trust(Path dir) throws IOException, GeneralSecurityException {
		return trust(dir, null);
	}

	/**
	 * A PKIX trust manager for the CA, from {@code provider} ({@code null}: the JDK's). Raw
	 * Conscrypt needs its own: on TLS 1.3 it asks with the auth type {@code GENERIC}, which the
	 * JDK's trust manager refuses ("Unknown authType: GENERIC").
	 */
	static TrustManagerFactory trust(Path dir, java.security.Provider provider)
			throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("ca", certificates(ca(dir)).get(0));
		TrustManagerFactory factory = (provider != null) ? TrustManagerFactory.getInstance("PKIX", provider)
				: TrustManagerFactory.getInstance("PKIX");
		factory.init(store);
		return factory;
	}

	static KeyManagerFactory keys(Path dir, String key) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("server", key(privateKey(dir, key)), new char[0],
				certificates(chain(dir, key)).toArray(new X509Certificate[0]));
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(store, new char[0]);
		return factory;
	}

	/** The client's half: the request, then everything up to EOF; the number of bytes read. */
	static int request(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(REQUEST);
		out.flush();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[16384];
		int total = 0;
		for (int n; (n = in.read(buffer)) > 0;) {
			total += n;
		}
		return total;
	}

	/** The server's half: the request up to its empty line, then the answer. */
	static void answer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		int state = 0;
		for (int i = 0; i < 4096 && state < 4; i++) {
			int b = in.read();
			if (b < 0) {
				return;
			}
			state = (b == '\r' && (state == 0 || state == 2)) ? state + 1
					: (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
		}
		OutputStream out = socket.getOutputStream();
		out.write(ANSWER);
		out.flush();
	}

}
