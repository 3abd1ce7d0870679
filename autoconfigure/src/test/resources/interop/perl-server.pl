# A TLS server on IO::Socket::SSL for the interop matrix: prints PORT=, then for every
# connection a CONN line with what it saw, and answers the client's line with "perl:" before it.
# Arguments: certificate chain, key, CA file for required client certificates or "-".
use strict;
use IO::Socket::SSL;
my ($cert, $key, $ca) = @ARGV;
my %tls = (SSL_server => 1, SSL_cert_file => $cert, SSL_key_file => $key, SSL_alpn_protocols => ['h2', 'http/1.1']);
if ($ca ne '-') {
    %tls = (%tls, SSL_ca_file => $ca, SSL_verify_mode => SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
}
my $server = IO::Socket::SSL->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 16, ReuseAddr => 1, %tls)
    or die "listen: $SSL_ERROR\n";
$| = 1;
print "PORT=", $server->sockport, "\n";
while (1) {
    my $c = $server->accept or do { print "REFUSED $SSL_ERROR\n"; next };
    printf "CONN version=%s sni=%s alpn=%s reused=%d client=%s\n", $c->get_sslversion, $c->get_servername // '-',
        $c->alpn_selected // '-', $c->get_session_reused ? 1 : 0, $c->peer_certificate('subject') // '-';
    $c->timeout(10);
    my $line = <$c>;
    print $c "perl:$line" if defined $line;
    close $c;
}
