# An SMTP server's STARTTLS half on IO::Socket::SSL: greeting, EHLO offering STARTTLS, STARTTLS,
# then TLS (start_SSL) and "perl:" before the client's line. Prints PORT=, and a CONN line a
# connection. Arguments: certificate chain, key.
use strict;
use IO::Socket::SSL;
use IO::Socket::INET;
my ($cert, $key) = @ARGV;
my $server = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 16, ReuseAddr => 1)
    or die "listen: $!\n";
$| = 1;
print "PORT=", $server->sockport, "\n";
while (my $c = $server->accept) {
    $c->autoflush(1);
    print $c "220 perl ESMTP\r\n";
    my $ehlo = <$c> // next;
    print $c "250-perl greets you\r\n250-PIPELINING\r\n250 STARTTLS\r\n";
    my $starttls = <$c> // next;
    next unless $starttls =~ /^STARTTLS\r?\n$/i;
    print $c "220 2.0.0 Ready to start TLS\r\n";
    IO::Socket::SSL->start_SSL($c, SSL_server => 1, SSL_cert_file => $cert, SSL_key_file => $key, Timeout => 10)
        or do { print "REFUSED $SSL_ERROR\n"; next };
    printf "CONN version=%s ehlo=%s\n", $c->get_sslversion, $ehlo =~ s/\r?\n$//r;
    my $line = <$c>;
    print $c "perl:$line" if defined $line;
    close $c;
}
