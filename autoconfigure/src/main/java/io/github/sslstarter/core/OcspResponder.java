package io.github.sslstarter.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks a certificate's OCSP responder (the URL of its authority information access extension)
 * for its status over HTTP, within a timeout of the context's own ({@code trust.ocsp.timeout}),
 * and keeps the answers until their {@code nextUpdate} in a bounded cache
 * ({@code trust.ocsp.cache-size}). The JDK's own fetching is not used: its timeout and cache
 * are JVM-wide system properties. The request carries no nonce, so that answers can be cached;
 * the JDK's revocation checker judges the response (signature, responder, freshness).
 */
final class OcspResponder {

	/** The OID of id-ad-ocsp within the authority information access extension. */
	private static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";

	private static final byte[] OCSP_METHOD = { 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01 };

	private static final byte[] SHA1 = { 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00 };

	private static final int MAX_RESPONSE = 64 * 1024;

	/** No answer is kept longer than this, whatever its nextUpdate says. */
	private static final Duration MAX_AGE = Duration.ofDays(1);

	private final Duration timeout;

	private final int cacheSize;

	private final Clock clock;

	private final Map<X509Certificate, Cached> cache;

	OcspResponder(Duration timeout, int cacheSize, Clock clock) {
		this.timeout = timeout;
		this.cacheSize = cacheSize;
		this.clock = clock;
		this.cache = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<X509Certificate, Cached> eldest) {
				return size() > OcspResponder.this.cacheSize;
			}

		};
	}

	/** The OCSP responder a certificate names, or {@code null}. */
	static URI responderOf(X509Certificate certificate) {
		byte[] extension = certificate.getExtensionValue(AUTHORITY_INFO_ACCESS);
		if (extension == null) {
			return null;
		}
		try {
			// OCTET STRING { SEQUENCE OF AccessDescription { OID accessMethod, GeneralName accessLocation } }
			Tlv octets = Tlv.read(extension, 0);
			Tlv descriptions = Tlv.read(extension, octets.start);
			int offset = descriptions.start;
			while (offset < descriptions.end()) {
				Tlv description = Tlv.read(extension, offset);
				Tlv method = Tlv.read(extension, description.start);
				Tlv location = Tlv.read(extension, method.end());
				byte[] oid = Arrays.copyOfRange(extension, method.offset, method.end());
				// [6] uniformResourceIdentifier, IA5String
				if (Arrays.equals(oid, OCSP_METHOD) && location.tag == 0x86) {
					return new URI(new String(extension, location.start, location.length, StandardCharsets.US_ASCII));
				}
				offset = description.end();
			}
		}
		catch (IllegalArgumentException | URISyntaxException ex) {
			return null;
		}
		return null;
	}

	/**
	 * The DER OCSP response for {@code certificate}, from the cache or its responder.
	 * @throws IOException when the certificate names no responder, or it cannot be reached or
	 * answers with an error, with a message saying which
	 */
	byte[] fetch(X509Certificate certificate, X509Certificate issuer) throws IOException {
		Instant now = this.clock.instant();
		synchronized (this.cache) {
			Cached cached = this.cache.get(certificate);
			if (cached != null && now.isBefore(cached.expires)) {
				return cached.response;
			}
			this.cache.remove(certificate);
		}
		URI responder = responderOf(certificate);
		if (responder == null) {
			throw new IOException("the certificate names no OCSP responder (authority information access)");
		}
		if (!"http".equalsIgnoreCase(responder.getScheme())) {
			throw new IOException("its OCSP responder " + responder + " is not an http: URL");
		}
		byte[] response = post(responder, request(certificate, issuer));
		Instant expires = expiry(response, now);
		if (expires != null && this.cacheSize > 0) {
			synchronized (this.cache) {
				this.cache.put(certificate, new Cached(response, expires));
			}
		}
		return response;
	}

	/** Drops a cached answer the revocation checker did not accept. */
	void forget(X509Certificate certificate) {
		synchronized (this.cache) {
			this.cache.remove(certificate);
		}
	}

	/** How many answers are cached. */
	int cached() {
		synchronized (this.cache) {
			return this.cache.size();
		}
	}

	private byte[] post(URI responder, byte[] request) throws IOException {
		int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, this.timeout.toMillis()));
		HttpURLConnection connection;
		try {
			connection = (HttpURLConnection) responder.toURL().openConnection(java.net.Proxy.NO_PROXY);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("its OCSP responder " + responder + " is no URL: " + ex.getMessage(), ex);
		}
		try {
			connection.setConnectTimeout(millis);
			connection.setReadTimeout(millis);
			connection.setUseCaches(false);
			connection.setDoOutput(true);
			connection.setRequestMethod("POST");
			connection.setRequestProperty("Content-Type", "application/ocsp-request");
			connection.setRequestProperty("Accept", "application/ocsp-response");
			connection.setFixedLengthStreamingMode(request.length);
			try (OutputStream out = connection.getOutputStream()) {
				out.write(request);
			}
			int status = connection.getResponseCode();
			if (status != HttpURLConnection.HTTP_OK) {
				throw new IOException("its OCSP responder " + responder + " answered HTTP " + status);
			}
			byte[] response = readAtMost(connection.getInputStream(), responder);
			int ocspStatus = responseStatus(response);
			if (ocspStatus != 0) {
				throw new IOException("its OCSP responder " + responder + " answered with status " + ocspStatus
						+ " (" + statusName(ocspStatus) + ")");
			}
			return response;
		}
		catch (IOException ex) {
			if (ex.getMessage() != null && ex.getMessage().startsWith("its OCSP responder")) {
				throw ex;
			}
			throw new IOException("its OCSP responder " + responder + " cannot be reached within " + millis + " ms: "
					+ ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? " " + ex.getMessage() : ""), ex);
		}
		finally {
			connection.disconnect();
		}
	}

	private static byte[] readAtMost(InputStream in, URI responder) throws IOException {
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			for (int read; (read = in.read(buffer)) != -1;) {
				out.write(buffer, 0, read);
				if (out.size() > MAX_RESPONSE) {
					throw new IOException("its OCSP responder " + responder + " answered with more than "
							+ MAX_RESPONSE + " bytes");
				}
			}
			return out.toByteArray();
		}
	}

	/** An OCSPRequest for one certificate, its CertID hashed with SHA-1 as RFC 5019 asks. */
	static byte[] request(X509Certificate certificate, X509Certificate issuer) {
		byte[] nameHash = sha1(certificate.getIssuerX500Principal().getEncoded());
		byte[] keyHash = sha1(publicKeyBits(issuer));
		byte[] certId = element(0x30, SHA1, element(0x04, nameHash), element(0x04, keyHash),
				element(0x02, certificate.getSerialNumber().toByteArray()));
		byte[] request = element(0x30, certId);
		byte[] requestList = element(0x30, request);
		byte[] tbsRequest = element(0x30, requestList);
		return element(0x30, tbsRequest);
	}

	private static byte[] publicKeyBits(X509Certificate issuer) {
		return PublicKeyBits.of(issuer.getPublicKey().getEncoded());
	}

	/** The responseStatus of an OCSPResponse; 0 is successful. */
	static int responseStatus(byte[] response) throws IOException {
		try {
			Tlv outer = Tlv.read(response, 0);
			Tlv status = Tlv.read(response, outer.start);
			if (outer.tag != 0x30 || status.tag != 0x0A || status.length != 1) {
				throw new IOException("the OCSP response is not DER");
			}
			return response[status.start] & 0xFF;
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("the OCSP response is not DER: " + ex.getMessage(), ex);
		}
	}

	private static String statusName(int status) {
		return switch (status) {
			case 1 -> "malformedRequest";
			case 2 -> "internalError";
			case 3 -> "tryLater";
			case 5 -> "sigRequired";
			case 6 -> "unauthorized";
			default -> "unknown status";
		};
	}

	/**
	 * Until when an answer may be kept: the earliest {@code nextUpdate} of its single
	 * responses, at most a day away; {@code null} (not kept) when it has none or cannot be read.
	 */
	static Instant expiry(byte[] response, Instant now) {
		try {
			Tlv outer = Tlv.read(response, 0);
			Tlv status = Tlv.read(response, outer.start);
			Tlv explicit = Tlv.read(response, status.end());
			Tlv responseBytes = Tlv.read(response, explicit.start);
			Tlv type = Tlv.read(response, responseBytes.start);
			Tlv octets = Tlv.read(response, type.end());
			Tlv basic = Tlv.read(response, octets.start);
			Tlv data = Tlv.read(response, basic.start);
			int offset = data.start;
			Tlv element = Tlv.read(response, offset);
			if (element.tag == 0xA0) {
				element = Tlv.read(response, element.end());
			}
			Tlv producedAt = Tlv.read(response, element.end());
			Tlv responses = Tlv.read(response, producedAt.end());
			Instant earliest = null;
			for (offset = responses.start; offset < responses.end();) {
				Tlv single = Tlv.read(response, offset);
				Tlv certId = Tlv.read(response, single.start);
				Tlv certStatus = Tlv.read(response, certId.end());
				Tlv thisUpdate = Tlv.read(response, certStatus.end());
				if (thisUpdate.end() >= single.end()) {
					return null;
				}
				Tlv next = Tlv.read(response, thisUpdate.end());
				if (next.tag != 0xA0) {
					return null;
				}
				Tlv time = Tlv.read(response, next.start);
				Instant nextUpdate = generalizedTime(response, time);
				earliest = (earliest == null || nextUpdate.isBefore(earliest)) ? nextUpdate : earliest;
				offset = single.end();
			}
			if (earliest == null || !earliest.isAfter(now)) {
				return null;
			}
			Instant limit = now.plus(MAX_AGE);
			return earliest.isBefore(limit) ? earliest : limit;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static Instant generalizedTime(byte[] der, Tlv time) {
		if (time.tag != 0x18 || time.length < 15) {
			throw new IllegalArgumentException("not a GeneralizedTime");
		}
		String text = new String(der, time.start, 14, StandardCharsets.US_ASCII);
		return LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC);
	}

	private static byte[] sha1(byte[] input) {
		try {
			return MessageDigest.getInstance("SHA-1").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK has no SHA-1", ex);
		}
	}

	private static byte[] element(int tag, byte[]... contents) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] part : contents) {
			content.writeBytes(part);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(tag);
		int length = content.size();
		if (length < 0x80) {
			out.write(length);
		}
		else if (length < 0x100) {
			out.write(0x81);
			out.write(length);
		}
		else {
			out.write(0x82);
			out.write(length >> 8);
			out.write(length & 0xFF);
		}
		out.writeBytes(content.toByteArray());
		return out.toByteArray();
	}

	private record Cached(byte[] response, Instant expires) {

	}

	/** One DER element: its tag, where it starts, where its content starts and how long that is. */
	private record Tlv(int tag, int offset, int start, int length) {

		static Tlv read(byte[] der, int offset) {
			if (offset < 0 || offset + 2 > der.length) {
				throw new IllegalArgumentException("truncated DER at " + offset);
			}
			int tag = der[offset] & 0xFF;
			int first = der[offset + 1] & 0xFF;
			int position = offset + 2;
			int length;
			if (first < 0x80) {
				length = first;
			}
			else {
				int count = first & 0x7F;
				if (count == 0 || count > 3 || position + count > der.length) {
					throw new IllegalArgumentException("bad DER length at " + offset);
				}
				length = 0;
				for (int i = 0; i < count; i++) {
					length = (length << 8) | (der[position + i] & 0xFF);
				}
				position += count;
			}
			if (position + length > der.length) {
				throw new IllegalArgumentException("truncated DER at " + offset);
			}
			return new Tlv(tag, offset, position, length);
		}

		int end() {
			return this.start + this.length;
		}

	}

	/** The subjectPublicKey bits of a SubjectPublicKeyInfo, without the unused-bits octet. */
	private static final class PublicKeyBits {

		static byte[] of(byte[] spki) {
			Tlv outer = Tlv.read(spki, 0);
			Tlv algorithm = Tlv.read(spki, outer.start);
			Tlv bits = Tlv.read(spki, algorithm.end());
			return Arrays.copyOfRange(spki, bits.start + 1, bits.end());
		}

	}

}
