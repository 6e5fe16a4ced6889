<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddOutcome</name>
    <message numerus="yes">
        <source>%n run(s) added to “%1”.</source>
        <translation>
            <numerusform>%n Lauf zu „%1“ hinzugefügt.</numerusform>
            <numerusform>%n Läufe zu „%1“ hinzugefügt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) were already in it and were not added again.</source>
        <translation>
            <numerusform>%n Lauf war schon darin und wurde nicht noch einmal hinzugefügt.</numerusform>
            <numerusform>%n Läufe waren schon darin und wurden nicht noch einmal hinzugefügt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AppCli</name>
    <message>
        <source>Assay: review LLM outputs against a short rubric, from the keyboard, online or offline.</source>
        <translation>Assay: LLM-Ausgaben anhand einer kurzen Bewertungsvorlage prüfen, per Tastatur, online oder offline.</translation>
    </message>
    <message>
        <source>assay: %1</source>
        <translation>assay: %1</translation>
    </message>
    <message>
        <source>Try &apos;assay --help&apos;.</source>
        <translation>Siehe „assay --help“.</translation>
    </message>
    <message>
        <source>assay: unexpected argument &apos;%1&apos;</source>
        <translation>assay: unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>The Assay server to review on, e.g. https://review.example.com. The API key comes from the keychain, $ASSAY_API_KEY, or a prompt.</source>
        <translation>Der Assay-Server, auf dem Sie prüfen, z. B. https://review.example.com. Der API-Schlüssel kommt aus dem Schlüsselbund, aus $ASSAY_API_KEY oder wird abgefragt.</translation>
    </message>
    <message>
        <source>ADDRESS</source>
        <translation>ADRESSE</translation>
    </message>
    <message>
        <source>Local mode: run a server inside the app, with its data in your data directory, for a single reviewer.</source>
        <translation>Lokaler Modus: ein Server in der App, mit seinen Daten in Ihrem Datenverzeichnis, für eine einzelne prüfende Person.</translation>
    </message>
    <message>
        <source>Keep local data here instead of your data directory.</source>
        <translation>Lokale Daten hier statt in Ihrem Datenverzeichnis ablegen.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>VERZEICHNIS</translation>
    </message>
    <message>
        <source>Connect with the invitation your lead sent you (its server and API key; the key is then kept in your system&apos;s keychain).</source>
        <translation>Mit der Einladung verbinden, die Ihre Leitung Ihnen geschickt hat (Server und API-Schlüssel; der Schlüssel wird dann im Schlüsselbund Ihres Systems aufbewahrt).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>assay: cannot read the invitation %1: %2</source>
        <translation>assay: Die Einladung %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>assay: %1: %2</source>
        <translation>assay: %1: %2</translation>
    </message>
    <message>
        <source>Trust the server&apos;s self-signed certificate with this SHA-256 fingerprint (its admin gives it; assay-server prints it at start). Only that certificate, only for that server.</source>
        <translation>Dem selbstsignierten Zertifikat des Servers mit diesem SHA-256-Fingerabdruck vertrauen (vom Administrator; assay-server gibt ihn beim Start aus). Nur diesem Zertifikat, nur für diesen Server.</translation>
    </message>
    <message>
        <source>FINGERPRINT</source>
        <translation>FINGERABDRUCK</translation>
    </message>
    <message>
        <source>An invitation file (.%1) to connect with, as a file manager passes it: the same as --invitation.</source>
        <translation>Eine Einladungsdatei (.%1), mit der verbunden wird, wie ein Dateimanager sie übergibt: dasselbe wie --invitation.</translation>
    </message>
    <message>
        <source>[FILE]</source>
        <translation>[DATEI]</translation>
    </message>
    <message>
        <source>assay: --certificate-sha256 expects the 64 hex digits of a SHA-256 fingerprint (colons allowed), not &apos;%1&apos;</source>
        <translation>assay: --certificate-sha256 erwartet die 64 Hexadezimalziffern eines SHA-256-Fingerabdrucks (Doppelpunkte erlaubt), nicht „%1“</translation>
    </message>
</context>
<context>
    <name>BackfillJob</name>
    <message numerus="yes">
        <source>Backfill done: %n run(s) added.</source>
        <translation>
            <numerusform>Nachtrag fertig: %n Lauf hinzugefügt.</numerusform>
            <numerusform>Nachtrag fertig: %n Läufe hinzugefügt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>&amp;Next item</source>
        <translation>&amp;Nächster Eintrag</translation>
    </message>
    <message>
        <source>&amp;Previous item</source>
        <translation>&amp;Vorheriger Eintrag</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>&amp;Absenden</translation>
    </message>
    <message>
        <source>Submit and &amp;go on</source>
        <translation>Absenden und &amp;weiter</translation>
    </message>
    <message>
        <source>S&amp;kip for now</source>
        <translation>Vorerst ü&amp;berspringen</translation>
    </message>
    <message>
        <source>&amp;Flag for a lead…</source>
        <translation>Für die Leitung &amp;markieren…</translation>
    </message>
    <message>
        <source>&amp;Expand trace details</source>
        <translation>Trace-&amp;Details aufklappen</translation>
    </message>
    <message>
        <source>&amp;Leave the text field</source>
        <translation>Textfeld &amp;verlassen</translation>
    </message>
    <message>
        <source>&amp;Back to my queues</source>
        <translation>&amp;Zurück zu meinen Warteschlangen</translation>
    </message>
    <message>
        <source>Pick option %1 of the focused field</source>
        <translation>Option %1 des aktiven Feldes wählen</translation>
    </message>
    <message>
        <source>&amp;Open queue</source>
        <translation>Warteschlange ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Take items offline…</source>
        <translation>Einträge &amp;offline mitnehmen…</translation>
    </message>
    <message>
        <source>S&amp;ync now</source>
        <translation>Jetzt s&amp;ynchronisieren</translation>
    </message>
    <message>
        <source>&amp;Answers that need attention…</source>
        <translation>&amp;Antworten, die Aufmerksamkeit brauchen…</translation>
    </message>
    <message>
        <source>&amp;Connect to a server…</source>
        <translation>Mit einem Server &amp;verbinden…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts…</source>
        <translation>&amp;Tastenkürzel…</translation>
    </message>
    <message>
        <source>&amp;Shortcut sheet</source>
        <translation>Tasten&amp;übersicht</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Traces (or back to my queues)</source>
        <translation>&amp;Traces (oder zurück zu meinen Warteschlangen)</translation>
    </message>
    <message>
        <source>&amp;Add runs to a queue…</source>
        <translation>Läufe zu einer Warteschlange &amp;hinzufügen…</translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <source>Connected. No queues are assigned to you yet; ask your admin.</source>
        <translation>Verbunden. Ihnen ist noch keine Warteschlange zugewiesen; fragen Sie Ihre Administration.</translation>
    </message>
    <message numerus="yes">
        <source>Connected. %n queue(s) assigned to you.</source>
        <translation>
            <numerusform>Verbunden. %n Warteschlange ist Ihnen zugewiesen.</numerusform>
            <numerusform>Verbunden. %n Warteschlangen sind Ihnen zugewiesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server refused this API key. Check that you copied all of it, or ask your admin for a new one.</source>
        <translation>Der Server hat diesen API-Schlüssel abgelehnt. Prüfen Sie, ob Sie ihn vollständig kopiert haben, oder bitten Sie Ihre Administration um einen neuen.</translation>
    </message>
    <message>
        <source>Cannot reach %1. Check the address, and that you are online.</source>
        <translation>%1 ist nicht erreichbar. Prüfen Sie die Adresse und ob Sie online sind.</translation>
    </message>
    <message>
        <source>%1 answers, but not as an Assay server. Check the address: it usually ends in /api/v1.</source>
        <translation>%1 antwortet, aber nicht wie ein Assay-Server. Prüfen Sie die Adresse: Sie endet meist auf /api/v1.</translation>
    </message>
    <message>
        <source>The server is busy. Try again in a minute.</source>
        <translation>Der Server ist ausgelastet. Versuchen Sie es in einer Minute noch einmal.</translation>
    </message>
    <message>
        <source>The server had a problem (%1). Try again later, or tell your admin.</source>
        <translation>Der Server hatte ein Problem (%1). Versuchen Sie es später noch einmal oder sagen Sie Ihrer Administration Bescheid.</translation>
    </message>
</context>
<context>
    <name>DryRunResult</name>
    <message>
        <source>Would add %1 of the last %2 runs (%3 already queued).</source>
        <translation>Würde %1 der letzten %2 Läufe hinzufügen (%3 schon in der Warteschlange).</translation>
    </message>
</context>
<context>
    <name>HealthCharts</name>
    <message>
        <source>Open items and days of backlog</source>
        <translation>Offene Einträge und Tage Rückstand</translation>
    </message>
    <message>
        <source>Open items</source>
        <translation>Offene Einträge</translation>
    </message>
    <message>
        <source>Days of backlog</source>
        <translation>Tage Rückstand</translation>
    </message>
    <message>
        <source>Alarm (%1 days)</source>
        <translation>Alarm (%1 Tage)</translation>
    </message>
    <message>
        <source>items</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>Arrivals and completions per day</source>
        <translation>Zugänge und Abschlüsse pro Tag</translation>
    </message>
    <message>
        <source>Arrivals</source>
        <translation>Zugänge</translation>
    </message>
    <message>
        <source>Completions</source>
        <translation>Abschlüsse</translation>
    </message>
    <message>
        <source>Answers per reviewer</source>
        <translation>Antworten pro Prüfer</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <source>In all</source>
        <translation>Insgesamt</translation>
    </message>
    <message>
        <source>answers</source>
        <translation>Antworten</translation>
    </message>
</context>
<context>
    <name>Invitation</name>
    <message>
        <source>This is not an Assay invitation: ask the person who invited you to send it again.</source>
        <translation>Das ist keine Assay-Einladung: Bitten Sie die Person, die Sie eingeladen hat, sie noch einmal zu schicken.</translation>
    </message>
    <message>
        <source>This invitation was made by a newer Assay: update Assay to use it.</source>
        <translation>Diese Einladung stammt von einem neueren Assay: Aktualisieren Sie Assay, um sie zu verwenden.</translation>
    </message>
    <message>
        <source>The invitation has no valid server address.</source>
        <translation>Die Einladung enthält keine gültige Serveradresse.</translation>
    </message>
    <message>
        <source>The invitation has no API key.</source>
        <translation>Die Einladung enthält keinen API-Schlüssel.</translation>
    </message>
    <message>
        <source>The invitation&apos;s certificate fingerprint is not a SHA-256 fingerprint.</source>
        <translation>Der Zertifikat-Fingerabdruck der Einladung ist kein SHA-256-Fingerabdruck.</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Send this invitation to %1 over a private channel. It holds their API key, which is shown only now: they open it with Assay (drop the file on the connect window, paste the text there, or run assay --invitation FILE).</source>
        <translation>Schicken Sie diese Einladung über einen vertraulichen Weg an %1. Sie enthält den API-Schlüssel, der nur jetzt angezeigt wird: Geöffnet wird sie mit Assay (die Datei auf das Verbindungsfenster ziehen, den Text dort einfügen oder assay --invitation DATEI ausführen).</translation>
    </message>
    <message>
        <source>&amp;Save as file…</source>
        <translation>Als Datei &amp;speichern…</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
    <message>
        <source>Save invitation</source>
        <translation>Einladung speichern</translation>
    </message>
    <message>
        <source>Assay invitations (*.%1)</source>
        <translation>Assay-Einladungen (*.%1)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Gespeichert unter %1.</translation>
    </message>
    <message>
        <source>New key for %1</source>
        <translation>Neuer Schlüssel für %1</translation>
    </message>
</context>
<context>
    <name>QueueAdmin</name>
    <message>
        <source>Saving makes this rubric version %1 (it is version %2 now). The answers already given stay as they were, checked against version %2, and those items are not asked again; every new answer is made and checked against version %1.</source>
        <translation>Beim Speichern wird das Bewertungsschema zu Version %1 (jetzt ist es Version %2). Bereits gegebene Antworten bleiben, wie sie sind, geprüft gegen Version %2, und diese Einträge werden nicht erneut abgefragt; jede neue Antwort wird nach Version %1 gegeben und geprüft.</translation>
    </message>
    <message>
        <source>Delete the queue “%1”? Its %2 item(s) leave it and the routing rules that feed it are deleted. The %3 answer(s) given in it stay as feedback on their runs. This cannot be undone.</source>
        <translation>Warteschlange „%1“ löschen? Ihre %2 Einträge verlassen sie, und die Zuordnungsregeln, die sie füllen, werden gelöscht. Die %3 darin gegebenen Antworten bleiben als Feedback an ihren Läufen. Das lässt sich nicht rückgängig machen.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>ingest</source>
        <translation>Datenlieferant</translation>
    </message>
</context>
<context>
    <name>assay::app::AddToQueueDialog</name>
    <message numerus="yes">
        <source>The %n &amp;selected run(s)</source>
        <translation>
            <numerusform>Der %n &amp;ausgewählte Lauf</numerusform>
            <numerusform>Die %n &amp;ausgewählten Läufe</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>Zur Warteschlange hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Every run of the project</source>
        <translation>&amp;Jeder Lauf des Projekts</translation>
    </message>
    <message>
        <source>&amp;Every run matching “%1”</source>
        <translation>&amp;Jeder Lauf, auf den „%1“ passt</translation>
    </message>
    <message>
        <source>Why these runs need a look (reviewers read it)</source>
        <translation>Warum diese Läufe angesehen werden sollen (Prüfer lesen es)</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>&amp;Warteschlange:</translation>
    </message>
    <message>
        <source>Runs:</source>
        <translation>Läufe:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>There is no queue yet: make one on the Queues page first.</source>
        <translation>Es gibt noch keine Warteschlange: Legen Sie zuerst auf der Seite „Warteschlangen“ eine an.</translation>
    </message>
    <message>
        <source>Counting the runs that match…</source>
        <translation>Passende Läufe werden gezählt…</translation>
    </message>
    <message>
        <source>More than %1 runs match: too many to add at once. Narrow the filter, or add a routing rule to the queue and backfill it.</source>
        <translation>Mehr als %1 Läufe passen: zu viele auf einmal. Schränken Sie den Filter ein oder legen Sie für die Warteschlange eine Zuordnungsregel an und tragen Sie sie nach.</translation>
    </message>
    <message>
        <source>%1 run(s) match; %2 are in the queue already; %3 will be added.</source>
        <translation>%1 Lauf/Läufe passen; %2 sind schon in der Warteschlange; %3 werden hinzugefügt.</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Add %n run(s)</source>
        <translation>
            <numerusform>%n Lauf &amp;hinzufügen</numerusform>
            <numerusform>%n Läufe &amp;hinzufügen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adding %n run(s)…</source>
        <translation>
            <numerusform>%n Lauf wird hinzugefügt…</numerusform>
            <numerusform>%n Läufe werden hinzugefügt…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>assay::app::AppController</name>
    <message>
        <source>Local mode</source>
        <translation>Lokaler Modus</translation>
    </message>
    <message>
        <source>The local server did not start: %1</source>
        <translation>Der lokale Server ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Your API key is kept for this session only: %1</source>
        <translation>Ihr API-Schlüssel wird nur für diese Sitzung aufbewahrt: %1</translation>
    </message>
    <message>
        <source>Assay</source>
        <translation>Assay</translation>
    </message>
    <message>
        <source>Cannot open the local data of this server: %1</source>
        <translation>Die lokalen Daten dieses Servers lassen sich nicht öffnen: %1</translation>
    </message>
</context>
<context>
    <name>assay::app::AttentionDialog</name>
    <message>
        <source>Answers that need attention</source>
        <translation>Antworten, die Aufmerksamkeit brauchen</translation>
    </message>
    <message>
        <source>The server did not take these answers. Open one, fix what it says, and submit it again.</source>
        <translation>Der Server hat diese Antworten nicht angenommen. Öffnen Sie eine, beheben Sie, was dort steht, und senden Sie sie erneut ab.</translation>
    </message>
    <message>
        <source>Could not read them: %1</source>
        <translation>Sie konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Nothing needs your attention.</source>
        <translation>Nichts braucht Ihre Aufmerksamkeit.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>assay::app::CalibrationPage</name>
    <message>
        <source>Start a ne&amp;w round…</source>
        <translation>&amp;Neue Runde beginnen…</translation>
    </message>
    <message>
        <source>Close the roun&amp;d</source>
        <translation>Runde a&amp;bschließen</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>&amp;Warteschlange:</translation>
    </message>
    <message>
        <source>R&amp;ound:</source>
        <translation>R&amp;unde:</translation>
    </message>
    <message>
        <source>Copy as CSV</source>
        <translation>Als CSV kopieren</translation>
    </message>
    <message>
        <source>Agreement per rubric field</source>
        <translation>Übereinstimmung pro Feld des Bewertungsschemas</translation>
    </message>
    <message>
        <source>Items with the most disagreement</source>
        <translation>Einträge mit der größten Uneinigkeit</translation>
    </message>
    <message>
        <source>Could not load the rounds</source>
        <translation>Die Runden konnten nicht geladen werden</translation>
    </message>
    <message>
        <source>%1 — open</source>
        <translation>%1 — offen</translation>
    </message>
    <message>
        <source>No calibration round yet. Start one: every reviewer scores the same items.</source>
        <translation>Noch keine Kalibrierungsrunde. Beginnen Sie eine: Alle Prüfer bewerten dieselben Einträge.</translation>
    </message>
    <message>
        <source>Could not load the round</source>
        <translation>Die Runde konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>%1 %2/%3</source>
        <translation>%1 %2/%3</translation>
    </message>
    <message>
        <source>%1 of %2 answers (%3)</source>
        <translation>%1 von %2 Antworten (%3)</translation>
    </message>
    <message>
        <source>Open: %1. The answers stay blind until you close the round.</source>
        <translation>Offen: %1. Die Antworten bleiben verdeckt, bis Sie die Runde abschließen.</translation>
    </message>
    <message>
        <source>Closed: %1.</source>
        <translation>Abgeschlossen: %1.</translation>
    </message>
    <message>
        <source>The round was not started</source>
        <translation>Die Runde wurde nicht begonnen</translation>
    </message>
    <message numerus="yes">
        <source>Round started with %n item(s).</source>
        <translation>
            <numerusform>Runde mit %n Eintrag begonnen.</numerusform>
            <numerusform>Runde mit %n Einträgen begonnen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Close the round? Its answers become feedback everyone can read, and answers that arrive later are not part of it. %1 of %2 answers are in.</source>
        <translation>Die Runde abschließen? Ihre Antworten werden zu Feedback, das alle lesen können, und später eintreffende Antworten gehören nicht mehr dazu. %1 von %2 Antworten liegen vor.</translation>
    </message>
    <message>
        <source>Close the round</source>
        <translation>Runde abschließen</translation>
    </message>
    <message>
        <source>The round was not closed</source>
        <translation>Die Runde wurde nicht abgeschlossen</translation>
    </message>
    <message>
        <source>Round closed.</source>
        <translation>Runde abgeschlossen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The agreement table is on the clipboard as CSV.</source>
        <translation>Die Übereinstimmungstabelle ist als CSV in der Zwischenablage.</translation>
    </message>
    <message>
        <source>The items table is on the clipboard as CSV.</source>
        <translation>Die Eintragstabelle ist als CSV in der Zwischenablage.</translation>
    </message>
</context>
<context>
    <name>assay::app::ConnectDialog</name>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Connect to Assay</source>
        <translation>Mit Assay verbinden</translation>
    </message>
    <message>
        <source>Enter the address of your team&apos;s Assay server and the API key your admin gave you. The key is kept in your system&apos;s keychain.</source>
        <translation>Geben Sie die Adresse des Assay-Servers Ihres Teams und den API-Schlüssel ein, den Sie von Ihrer Administration bekommen haben. Der Schlüssel wird im Schlüsselbund Ihres Systems aufbewahrt.</translation>
    </message>
    <message>
        <source>assay_…</source>
        <translation>assay_…</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>Serveradresse:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API-Schlüssel:</translation>
    </message>
    <message>
        <source>Use &amp;local mode</source>
        <translation>&amp;Lokalen Modus verwenden</translation>
    </message>
    <message>
        <source>Run a server on this computer, for a single reviewer or to try Assay out.</source>
        <translation>Einen Server auf diesem Computer betreiben, für eine einzelne prüfende Person oder zum Ausprobieren.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, such as https://review.example.com.</source>
        <translation>Geben Sie die Adresse des Servers ein, etwa https://review.example.com.</translation>
    </message>
    <message>
        <source>Enter your API key.</source>
        <translation>Geben Sie Ihren API-Schlüssel ein.</translation>
    </message>
    <message>
        <source>Trying %1 …</source>
        <translation>Versuche %1 …</translation>
    </message>
    <message>
        <source>Paste &amp;invitation</source>
        <translation>&amp;Einladung einfügen</translation>
    </message>
    <message>
        <source>Fill in the address and key from the invitation you were sent (or drop its file here)</source>
        <translation>Adresse und Schlüssel aus der erhaltenen Einladung übernehmen (oder ihre Datei hierher ziehen)</translation>
    </message>
    <message>
        <source>Invitation read: press Connect.</source>
        <translation>Einladung gelesen: Drücken Sie „Verbinden“.</translation>
    </message>
    <message>
        <source>Welcome, %1: your invitation is read. Press Connect.</source>
        <translation>Willkommen, %1: Ihre Einladung ist gelesen. Drücken Sie „Verbinden“.</translation>
    </message>
</context>
<context>
    <name>assay::app::ExportDialog</name>
    <message>
        <source>Export “%1”</source>
        <translation>„%1“ exportieren</translation>
    </message>
    <message>
        <source>Annotated runs, JSON Lines</source>
        <translation>Bewertete Läufe, JSON Lines</translation>
    </message>
    <message>
        <source>Annotated runs, CSV (a row per answer)</source>
        <translation>Bewertete Läufe, CSV (eine Zeile pro Antwort)</translation>
    </message>
    <message>
        <source>Fine-tuning: OpenAI chat</source>
        <translation>Feinabstimmung: OpenAI-Chat</translation>
    </message>
    <message>
        <source>Fine-tuning: ShareGPT</source>
        <translation>Feinabstimmung: ShareGPT</translation>
    </message>
    <message>
        <source>Fine-tuning: Alpaca</source>
        <translation>Feinabstimmung: Alpaca</translation>
    </message>
    <message>
        <source>Preference pairs (DPO) from corrections</source>
        <translation>Präferenzpaare (DPO) aus Korrekturen</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>Noch offen</translation>
    </message>
    <message>
        <source>everyone</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Answers that qualify:</source>
        <translation>&amp;Zulässige Antworten:</translation>
    </message>
    <message>
        <source>Items &amp;state:</source>
        <translation>&amp;Stand der Einträge:</translation>
    </message>
    <message>
        <source>Only &amp;reviewer:</source>
        <translation>Nur &amp;Prüfer:</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>every corrected answer</source>
        <translation>jede korrigierte Antwort</translation>
    </message>
    <message>
        <source>overall_quality = good</source>
        <translation>overall_quality = good</translation>
    </message>
    <message>
        <source>every answer</source>
        <translation>jede Antwort</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <source>%1 records of at most %2 · %3 records/s</source>
        <translation>%1 Datensätze von höchstens %2 · %3 Datensätze/s</translation>
    </message>
    <message>
        <source> · about %1 s left</source>
        <translation> · noch etwa %1 s</translation>
    </message>
</context>
<context>
    <name>assay::app::HealthPage</name>
    <message>
        <source>&amp;Queue:</source>
        <translation>&amp;Warteschlange:</translation>
    </message>
    <message>
        <source>Reloa&amp;d</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <source>Arrivals and completions</source>
        <translation>Zugänge und Abschlüsse</translation>
    </message>
    <message>
        <source>Reviewers</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Planner: reviewer-hours a day</source>
        <translation>Planung: Prüferstunden pro Tag</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Sampling now</source>
        <translation>Stichprobe jetzt</translation>
    </message>
    <message>
        <source>Routed a day</source>
        <translation>Zugeleitet pro Tag</translation>
    </message>
    <message>
        <source>Try sampling</source>
        <translation>Stichprobe ausprobieren</translation>
    </message>
    <message>
        <source>Copy as &amp;CSV</source>
        <translation>Als &amp;CSV kopieren</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Could not load the queue&apos;s health: %1</source>
        <translation>Der Zustand der Warteschlange konnte nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n open item(s) · %1 days of backlog (the alarm is at %2) · %3 completions a day · %4 s per answer, %5 answers per reviewer-hour</source>
        <translation>
            <numerusform>%n offener Eintrag · %1 Tage Rückstand (Alarm ab %2) · %3 Abschlüsse pro Tag · %4 s pro Antwort, %5 Antworten pro Prüferstunde</numerusform>
            <numerusform>%n offene Einträge · %1 Tage Rückstand (Alarm ab %2) · %3 Abschlüsse pro Tag · %4 s pro Antwort, %5 Antworten pro Prüferstunde</numerusform>
        </translation>
    </message>
    <message>
        <source>Try sampling for %1</source>
        <translation>Stichprobe für %1 ausprobieren</translation>
    </message>
    <message>
        <source>No answers with a measured time yet: the planner needs a time per answer.</source>
        <translation>Noch keine Antworten mit gemessener Zeit: Die Planung braucht eine Zeit pro Antwort.</translation>
    </message>
    <message>
        <source>%1 runs a day, %2 items a day into this queue (%3 by rules), %4 reviewer(s) per item at %5 s: %6 reviewer-hours a day now; with the rates above: %7.</source>
        <translation>%1 Läufe pro Tag, %2 Einträge pro Tag in diese Warteschlange (%3 durch Regeln), %4 Prüfer pro Eintrag zu je %5 s: jetzt %6 Prüferstunden pro Tag; mit den Raten oben: %7.</translation>
    </message>
    <message>
        <source>The reviewers&apos; table is on the clipboard as CSV.</source>
        <translation>Die Prüfertabelle ist als CSV in der Zwischenablage.</translation>
    </message>
</context>
<context>
    <name>assay::app::InviteDialog</name>
    <message>
        <source>&amp;Invite</source>
        <translation>&amp;Einladen</translation>
    </message>
    <message>
        <source>Invite someone</source>
        <translation>Jemanden einladen</translation>
    </message>
    <message>
        <source>Reviewers see only the queues they are assigned; members and admins see every queue.</source>
        <translation>Prüfer sehen nur die ihnen zugewiesenen Warteschlangen; Mitglieder und Admins sehen alle.</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <source>&amp;Queues they review:</source>
        <translation>&amp;Warteschlangen, die sie prüfen:</translation>
    </message>
    <message>
        <source>Enter their name.</source>
        <translation>Geben Sie den Namen ein.</translation>
    </message>
    <message>
        <source>Inviting…</source>
        <translation>Wird eingeladen…</translation>
    </message>
</context>
<context>
    <name>assay::app::LeadArea</name>
    <message>
        <source>&amp;Traces</source>
        <translation>&amp;Traces</translation>
    </message>
    <message>
        <source>Q&amp;ueues and rules</source>
        <translation>Warte&amp;schlangen und Regeln</translation>
    </message>
    <message>
        <source>P&amp;eople</source>
        <translation>&amp;Personen</translation>
    </message>
    <message>
        <source>He&amp;alth</source>
        <translation>&amp;Zustand</translation>
    </message>
    <message>
        <source>Cali&amp;bration</source>
        <translation>&amp;Kalibrierung</translation>
    </message>
</context>
<context>
    <name>assay::app::MainWindow</name>
    <message>
        <source>Assay — %1</source>
        <translation>Assay — %1</translation>
    </message>
    <message>
        <source>Quit Assay?</source>
        <translation>Assay beenden?</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) checked out: you can review them offline now.</source>
        <translation>
            <numerusform>%n Eintrag ausgeliehen: Sie können ihn jetzt offline prüfen.</numerusform>
            <numerusform>%n Einträge ausgeliehen: Sie können sie jetzt offline prüfen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checking out stopped after %n item(s): %1</source>
        <translation>
            <numerusform>Das Ausleihen brach nach %n Eintrag ab: %1</numerusform>
            <numerusform>Das Ausleihen brach nach %n Einträgen ab: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The server refused your API key. Connect again with a valid key (%1).</source>
        <translation>Der Server hat Ihren API-Schlüssel abgelehnt. Verbinden Sie sich erneut mit einem gültigen Schlüssel (%1).</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>&amp;Pick an option</source>
        <translation>&amp;Option wählen</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message>
        <source>Pick a queue first.</source>
        <translation>Wählen Sie zuerst eine Warteschlange.</translation>
    </message>
    <message numerus="yes">
        <source>Checking out %n item(s)…</source>
        <translation>
            <numerusform>Leihe %n Eintrag aus…</numerusform>
            <numerusform>Leihe %n Einträge aus…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) have not reached the server yet. They stay saved on this computer and are sent the next time you open Assay online. Quit now?</source>
        <translation>
            <numerusform>%n Antwort hat den Server noch nicht erreicht. Sie bleibt auf diesem Computer gespeichert und wird gesendet, wenn Sie Assay das nächste Mal online öffnen. Jetzt beenden?</numerusform>
            <numerusform>%n Antworten haben den Server noch nicht erreicht. Sie bleiben auf diesem Computer gespeichert und werden gesendet, wenn Sie Assay das nächste Mal online öffnen. Jetzt beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Assay — local mode</source>
        <translation>Assay — lokaler Modus</translation>
    </message>
    <message>
        <source>The &amp;local server…</source>
        <translation>Der &amp;lokale Server…</translation>
    </message>
    <message>
        <source>The local server</source>
        <translation>Der lokale Server</translation>
    </message>
    <message>
        <source>A server runs inside Assay while it is open. Send it traces with the LangSmith SDK:</source>
        <translation>Solange Assay offen ist, läuft darin ein Server. Senden Sie ihm Traces mit dem LangSmith-SDK:</translation>
    </message>
    <message>
        <source>&amp;Lead</source>
        <translation>&amp;Leitung</translation>
    </message>
</context>
<context>
    <name>assay::app::OfflineDialog</name>
    <message>
        <source>Take items offline</source>
        <translation>Einträge offline mitnehmen</translation>
    </message>
    <message numerus="yes">
        <source>Check out items of “%1” to review without a connection. They stay yours for the time you choose; your answers are sent when you are back online.
%n item(s) are ready on this computer now.</source>
        <translation>
            <numerusform>Leihen Sie Einträge aus „%1“ aus, um ohne Verbindung zu prüfen. Sie bleiben für die gewählte Zeit Ihnen vorbehalten; Ihre Antworten werden gesendet, sobald Sie wieder online sind.
%n Eintrag liegt schon auf diesem Computer bereit.</numerusform>
            <numerusform>Leihen Sie Einträge aus „%1“ aus, um ohne Verbindung zu prüfen. Sie bleiben für die gewählte Zeit Ihnen vorbehalten; Ihre Antworten werden gesendet, sobald Sie wieder online sind.
%n Einträge liegen schon auf diesem Computer bereit.</numerusform>
        </translation>
    </message>
    <message>
        <source> items</source>
        <translation> Einträge</translation>
    </message>
    <message>
        <source> hours</source>
        <translation> Stunden</translation>
    </message>
    <message>
        <source>How many:</source>
        <translation>Wie viele:</translation>
    </message>
    <message>
        <source>Keep them for:</source>
        <translation>Behalten für:</translation>
    </message>
    <message>
        <source>Take offline</source>
        <translation>Offline mitnehmen</translation>
    </message>
</context>
<context>
    <name>assay::app::PeoplePage</name>
    <message>
        <source>&amp;Disable…</source>
        <translation>&amp;Sperren…</translation>
    </message>
    <message>
        <source>&amp;Rotate key…</source>
        <translation>Schlüssel &amp;erneuern…</translation>
    </message>
    <message>
        <source>&amp;Invite…</source>
        <translation>&amp;Einladen…</translation>
    </message>
    <message>
        <source>&amp;People:</source>
        <translation>&amp;Personen:</translation>
    </message>
    <message>
        <source>&amp;Queues they review (Space assigns or unassigns):</source>
        <translation>&amp;Warteschlangen, die sie prüfen (Leertaste weist zu oder hebt auf):</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Invite the first reviewer with Invite…</source>
        <translation>Laden Sie mit „Einladen…“ den ersten Prüfer ein.</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>, disabled since %1</source>
        <translation>, gesperrt seit %1</translation>
    </message>
    <message>
        <source>Members and admins review every queue.</source>
        <translation>Mitglieder und Admins prüfen jede Warteschlange.</translation>
    </message>
    <message>
        <source>Unassign %1 from “%2”? Their answers stay; they stop seeing the queue.</source>
        <translation>%1 von „%2“ abziehen? Die Antworten bleiben; die Warteschlange ist dann nicht mehr sichtbar.</translation>
    </message>
    <message>
        <source>%1 now reviews “%2”.</source>
        <translation>%1 prüft jetzt „%2“.</translation>
    </message>
    <message>
        <source>%1 no longer reviews “%2”.</source>
        <translation>%1 prüft „%2“ nicht mehr.</translation>
    </message>
    <message>
        <source>%1 is invited.</source>
        <translation>%1 ist eingeladen.</translation>
    </message>
    <message>
        <source>Disable %1? Every key of theirs stops working at once; their answers stay.</source>
        <translation>%1 sperren? Alle Schlüssel hören sofort auf zu funktionieren; die Antworten bleiben.</translation>
    </message>
    <message>
        <source>%1 is disabled.</source>
        <translation>%1 ist gesperrt.</translation>
    </message>
    <message>
        <source>%1 is enabled again.</source>
        <translation>%1 ist wieder entsperrt.</translation>
    </message>
    <message>
        <source>Give %1 a new key? Their current keys stop working at once; they connect again with the new invitation.</source>
        <translation>%1 einen neuen Schlüssel geben? Die bisherigen Schlüssel hören sofort auf zu funktionieren; verbunden wird wieder mit der neuen Einladung.</translation>
    </message>
    <message>
        <source>%1 has a new key; the old ones are revoked.</source>
        <translation>%1 hat einen neuen Schlüssel; die alten sind widerrufen.</translation>
    </message>
</context>
<context>
    <name>assay::app::QueueCardDelegate</name>
    <message>
        <source>No reviewer guide</source>
        <translation>Keine Prüfanleitung</translation>
    </message>
    <message numerus="yes">
        <source>%n to review</source>
        <translation>
            <numerusform>%n zu prüfen</numerusform>
            <numerusform>%n zu prüfen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ready on this computer</source>
        <translation>
            <numerusform>%n auf diesem Computer bereit</numerusform>
            <numerusform>%n auf diesem Computer bereit</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n done today</source>
        <translation>
            <numerusform>%n heute erledigt</numerusform>
            <numerusform>%n heute erledigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rubric fields</source>
        <translation>
            <numerusform>%n Bewertungsfeld</numerusform>
            <numerusform>%n Bewertungsfelder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsent</source>
        <translation>
            <numerusform>%n nicht gesendet</numerusform>
            <numerusform>%n nicht gesendet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>assay::app::QueueEditorDialog</name>
    <message>
        <source>&amp;Reserve an item for the reviewer who opens it</source>
        <translation>Einen Eintrag für den Prüfer &amp;reservieren, der ihn öffnet</translation>
    </message>
    <message>
        <source>Reviewers see &amp;other feedback (not blind)</source>
        <translation>Prüfer sehen &amp;anderes Feedback (nicht blind)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Create queue</source>
        <translation>Warteschlange &amp;anlegen</translation>
    </message>
    <message>
        <source>Edit queue “%1”</source>
        <translation>Warteschlange „%1“ bearbeiten</translation>
    </message>
    <message>
        <source>New queue</source>
        <translation>Neue Warteschlange</translation>
    </message>
    <message>
        <source>e.g. RAG quality review</source>
        <translation>z. B. RAG-Qualitätsprüfung</translation>
    </message>
    <message>
        <source>The reviewer guide, in markdown: what to look for, what each score means</source>
        <translation>Der Prüfleitfaden in Markdown: worauf zu achten ist, was jede Bewertung bedeutet</translation>
    </message>
    <message>
        <source>every assigned reviewer</source>
        <translation>jeder zugewiesene Prüfer</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>&amp;Schreiben</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Guide:</source>
        <translation>&amp;Leitfaden:</translation>
    </message>
    <message>
        <source>Reviewers &amp;per item:</source>
        <translation>Prüfer &amp;pro Eintrag:</translation>
    </message>
    <message>
        <source>&amp;Lease:</source>
        <translation>&amp;Reservierung:</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>Rubric</source>
        <translation>Bewertungsschema</translation>
    </message>
    <message>
        <source>What reviewers see</source>
        <translation>Was Prüfer sehen</translation>
    </message>
    <message>
        <source>Give the queue a name.</source>
        <translation>Geben Sie der Warteschlange einen Namen.</translation>
    </message>
</context>
<context>
    <name>assay::app::QueueListPage</name>
    <message>
        <source>Your queues</source>
        <translation>Ihre Warteschlangen</translation>
    </message>
    <message>
        <source>No queues are assigned to you yet.
Ask your admin to assign you to a queue, then sync (F5).</source>
        <translation>Ihnen ist noch keine Warteschlange zugewiesen.
Bitten Sie Ihre Administration, Sie einer zuzuweisen, und synchronisieren Sie dann (F5).</translation>
    </message>
</context>
<context>
    <name>assay::app::QueuesPage</name>
    <message>
        <source>&amp;New queue…</source>
        <translation>&amp;Neue Warteschlange…</translation>
    </message>
    <message>
        <source>&amp;Edit queue…</source>
        <translation>Warteschlange &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Delete queue…</source>
        <translation>Warteschlange &amp;löschen…</translation>
    </message>
    <message>
        <source>&amp;Queues:</source>
        <translation>&amp;Warteschlangen:</translation>
    </message>
    <message>
        <source>Delete queue</source>
        <translation>Warteschlange löschen</translation>
    </message>
    <message>
        <source>Routing rules that feed “%1”:</source>
        <translation>Zuordnungsregeln, die „%1“ füllen:</translation>
    </message>
    <message>
        <source>Choose a queue to see its rules.</source>
        <translation>Wählen Sie eine Warteschlange, um ihre Regeln zu sehen.</translation>
    </message>
    <message>
        <source>Queue “%1” saved (rubric version %2).</source>
        <translation>Warteschlange „%1“ gespeichert (Bewertungsschema Version %2).</translation>
    </message>
    <message>
        <source>Queue “%1” deleted.</source>
        <translation>Warteschlange „%1“ gelöscht.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
</context>
<context>
    <name>assay::app::ReviewPage</name>
    <message>
        <source>Flag for a lead</source>
        <translation>Für die Leitung markieren</translation>
    </message>
    <message>
        <source>What should a lead look at? (sent with your answer)</source>
        <translation>Was soll sich die Leitung ansehen? (wird mit Ihrer Antwort gesendet)</translation>
    </message>
    <message>
        <source>Flag removed.</source>
        <translation>Markierung entfernt.</translation>
    </message>
    <message>
        <source>Flagged: the note goes with your answer.</source>
        <translation>Markiert: Die Notiz geht mit Ihrer Antwort mit.</translation>
    </message>
    <message>
        <source>There is no option %1 here. Tab to a field with options first.</source>
        <translation>Hier gibt es keine Option %1. Gehen Sie zuerst mit Tab zu einem Feld mit Optionen.</translation>
    </message>
    <message>
        <source>That was the last item to review in this queue. Well done.</source>
        <translation>Das war der letzte Eintrag dieser Warteschlange. Gut gemacht.</translation>
    </message>
    <message>
        <source>Submit (%1)</source>
        <translation>Absenden (%1)</translation>
    </message>
    <message>
        <source>Submit and go on (%1)</source>
        <translation>Absenden und weiter (%1)</translation>
    </message>
    <message>
        <source>Saved. It goes to the server with the next sync.</source>
        <translation>Gespeichert. Die Antwort geht mit der nächsten Synchronisierung an den Server.</translation>
    </message>
    <message>
        <source>Not submitted: %1.</source>
        <translation>Nicht abgesendet: %1.</translation>
    </message>
    <message>
        <source>Another item came on screen before the key was handled; nothing was submitted.</source>
        <translation>Ein anderer Eintrag kam auf den Bildschirm, bevor die Taste verarbeitet wurde; es wurde nichts abgesendet.</translation>
    </message>
    <message>
        <source>Could not save your answer on this computer: %1</source>
        <translation>Ihre Antwort ließ sich auf diesem Computer nicht speichern: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n to review</source>
        <translation>
            <numerusform>%n zu prüfen</numerusform>
            <numerusform>%n zu prüfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Item %1 of %2 · %3</source>
        <translation>Eintrag %1 von %2 · %3</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>Zu prüfen</translation>
    </message>
    <message>
        <source>Answered · waiting to be sent</source>
        <translation>Beantwortet · wartet auf Versand</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Beantwortet</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Lease expired · an answer is still sent</source>
        <translation>Ausleihe abgelaufen · eine Antwort wird trotzdem gesendet</translation>
    </message>
    <message>
        <source>Removed from the queue · an answer is still sent</source>
        <translation>Aus der Warteschlange entfernt · eine Antwort wird trotzdem gesendet</translation>
    </message>
    <message>
        <source>No reviewer guide for this queue.</source>
        <translation>Für diese Warteschlange gibt es keine Prüfanleitung.</translation>
    </message>
    <message>
        <source>Nothing checked out in this queue yet. Sync (F5), or take items offline (Ctrl+O).</source>
        <translation>In dieser Warteschlange ist noch nichts ausgeliehen. Synchronisieren Sie (F5) oder nehmen Sie Einträge offline mit (Strg+O).</translation>
    </message>
    <message>
        <source>The server did not take your answer: %1. Fix it and submit again.</source>
        <translation>Der Server hat Ihre Antwort nicht angenommen: %1. Korrigieren Sie sie und senden Sie erneut ab.</translation>
    </message>
    <message>
        <source>You answered this under an older version of the rubric; that version is shown.</source>
        <translation>Sie haben dies unter einer älteren Version der Bewertungsvorlage beantwortet; diese Version wird gezeigt.</translation>
    </message>
</context>
<context>
    <name>assay::app::RubricDesigner</name>
    <message>
        <source>Re&amp;quired</source>
        <translation>&amp;Pflichtfeld</translation>
    </message>
    <message>
        <source>Alt+Up and Alt+Down move the field</source>
        <translation>Alt+Auf und Alt+Ab verschieben das Feld</translation>
    </message>
    <message>
        <source>Categorical (options)</source>
        <translation>Kategorisch (Optionen)</translation>
    </message>
    <message>
        <source>Continuous (a score)</source>
        <translation>Stetig (ein Wert)</translation>
    </message>
    <message>
        <source>Freeform (text)</source>
        <translation>Freitext</translation>
    </message>
    <message>
        <source>Help text reviewers read under the field</source>
        <translation>Hilfetext, den Prüfer unter dem Feld lesen</translation>
    </message>
    <message>
        <source>Drag an option, or Alt+Up and Alt+Down, to reorder; F2 edits</source>
        <translation>Optionen ziehen oder mit Alt+Auf und Alt+Ab umordnen; F2 bearbeitet</translation>
    </message>
    <message>
        <source>+ &amp;Options</source>
        <translation>+ &amp;Optionen</translation>
    </message>
    <message>
        <source>+ &amp;Score</source>
        <translation>+ &amp;Wert</translation>
    </message>
    <message>
        <source>+ &amp;Text</source>
        <translation>+ &amp;Text</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>Feld entfernen</translation>
    </message>
    <message>
        <source>Fields (* required):</source>
        <translation>Felder (* Pflicht):</translation>
    </message>
    <message>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>+ Option</source>
        <translation>+ Option</translation>
    </message>
    <message>
        <source>Remove option</source>
        <translation>Option entfernen</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>&amp;Beschriftung:</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;yp:</translation>
    </message>
    <message>
        <source>&amp;Help:</source>
        <translation>&amp;Hilfe:</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>Bereich:</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
</context>
<context>
    <name>assay::app::RubricForm</name>
    <message>
        <source>Required</source>
        <translation>Pflichtfeld</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Type here; Esc leaves the field</source>
        <translation>Hier tippen; Esc verlässt das Feld</translation>
    </message>
</context>
<context>
    <name>assay::app::RuleEditorDialog</name>
    <message>
        <source>&amp;Dry run</source>
        <translation>&amp;Probelauf</translation>
    </message>
    <message>
        <source>&amp;Add rule</source>
        <translation>Regel &amp;anlegen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>New routing rule</source>
        <translation>Neue Zuordnungsregel</translation>
    </message>
    <message>
        <source>Routing rule “%1”</source>
        <translation>Zuordnungsregel „%1“</translation>
    </message>
    <message>
        <source>e.g. Low eval scores</source>
        <translation>z. B. Niedrige Eval-Werte</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>&amp;Sampling:</source>
        <translation>&amp;Stichprobe:</translation>
    </message>
    <message>
        <source>Dry run over the last %1 runs (nothing is saved):</source>
        <translation>Probelauf über die letzten %1 Läufe (nichts wird gespeichert):</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <source>    (already queued)</source>
        <translation>    (schon in der Warteschlange)</translation>
    </message>
    <message>
        <source>At %1 runs a day that is about %2 items a day: %3 reviewer-hours a day at the queue&apos;s pace (%4 s per answer).</source>
        <translation>Bei %1 Läufen pro Tag sind das etwa %2 Einträge pro Tag: %3 Prüferstunden pro Tag im Tempo der Warteschlange (%4 s pro Antwort).</translation>
    </message>
    <message>
        <source>At %1 runs a day that is about %2 items a day (the queue has no measured time per answer yet to turn it into reviewer-hours).</source>
        <translation>Bei %1 Läufen pro Tag sind das etwa %2 Einträge pro Tag (für die Warteschlange ist noch keine Zeit pro Antwort gemessen, um daraus Prüferstunden zu machen).</translation>
    </message>
</context>
<context>
    <name>assay::app::RulesPanel</name>
    <message>
        <source>New ru&amp;le…</source>
        <translation>Neue Re&amp;gel…</translation>
    </message>
    <message>
        <source>Ed&amp;it rule…</source>
        <translation>Regel be&amp;arbeiten…</translation>
    </message>
    <message>
        <source>On / o&amp;ff</source>
        <translation>An / a&amp;us</translation>
    </message>
    <message>
        <source>Dele&amp;te rule</source>
        <translation>Regel lö&amp;schen</translation>
    </message>
    <message>
        <source>&amp;Backfill…</source>
        <translation>&amp;Nachtragen…</translation>
    </message>
    <message>
        <source>Routing rules</source>
        <translation>Zuordnungsregeln</translation>
    </message>
    <message>
        <source>Rule “%1” saved.</source>
        <translation>Regel „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Rule “%1” is off: it routes nothing until switched on.</source>
        <translation>Regel „%1“ ist aus: Sie ordnet nichts zu, bis sie wieder eingeschaltet wird.</translation>
    </message>
    <message>
        <source>Rule “%1” is on.</source>
        <translation>Regel „%1“ ist an.</translation>
    </message>
    <message>
        <source>Delete the rule “%1”? The runs it added stay in the queue.</source>
        <translation>Regel „%1“ löschen? Die Läufe, die sie hinzugefügt hat, bleiben in der Warteschlange.</translation>
    </message>
    <message>
        <source>Rule “%1” deleted.</source>
        <translation>Regel „%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Backfill “%1”</source>
        <translation>„%1“ nachtragen</translation>
    </message>
    <message>
        <source>Apply the rule to the runs that started since:</source>
        <translation>Die Regel auf die Läufe anwenden, die begonnen haben seit:</translation>
    </message>
    <message>
        <source>%1 of %2 runs, %3 added</source>
        <translation>%1 von %2 Läufen, %3 hinzugefügt</translation>
    </message>
</context>
<context>
    <name>assay::app::RunDetailsDialog</name>
    <message>
        <source>Run %1</source>
        <translation>Run %1</translation>
    </message>
    <message>
        <source>No feedback yet</source>
        <translation>Noch kein Feedback</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>Feedback</translation>
    </message>
</context>
<context>
    <name>assay::app::RunView</name>
    <message>
        <source>User</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Why it is here:</source>
        <translation>Warum es hier ist:</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message numerus="yes">
        <source>Retrieved context (%n documents)</source>
        <translation>
            <numerusform>Gefundener Kontext (%n Dokument)</numerusform>
            <numerusform>Gefundener Kontext (%n Dokumente)</numerusform>
        </translation>
    </message>
    <message>
        <source>Document %1</source>
        <translation>Dokument %1</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>(no output)</source>
        <translation>(keine Ausgabe)</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>latency %1</source>
        <translation>Latenz %1</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n Token</numerusform>
            <numerusform>%n Token</numerusform>
        </translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
</context>
<context>
    <name>assay::app::ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Taste</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Pick an option of the focused field</source>
        <translation>Option des aktiven Feldes wählen</translation>
    </message>
    <message>
        <source>Letters and digits act only while you are not typing in a text field; Esc leaves a text field. Change keys in Settings → Keyboard shortcuts.</source>
        <translation>Buchstaben und Ziffern wirken nur, solange Sie nicht in einem Textfeld tippen; Esc verlässt ein Textfeld. Tasten ändern Sie unter Einstellungen → Tastenkürzel.</translation>
    </message>
</context>
<context>
    <name>assay::app::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Click a key and press the new one. A key can belong to one command only.</source>
        <translation>Klicken Sie auf eine Taste und drücken Sie die neue. Eine Taste kann nur zu einem Befehl gehören.</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Taste</translation>
    </message>
    <message>
        <source>Reset all</source>
        <translation>Alle zurücksetzen</translation>
    </message>
    <message>
        <source>%1 is already the key of “%2”. Give that command another key first.</source>
        <translation>%1 ist schon die Taste von „%2“. Geben Sie diesem Befehl zuerst eine andere Taste.</translation>
    </message>
</context>
<context>
    <name>assay::app::StartRoundDialog</name>
    <message>
        <source>Start a calibration round</source>
        <translation>Kalibrierungsrunde beginnen</translation>
    </message>
    <message>
        <source>drawn at random</source>
        <translation>zufällig gezogen</translation>
    </message>
    <message>
        <source>Every reviewer assigned to the queue answers every item of the round, blind: nobody sees another&apos;s answer until you close it. The items are drawn from the queue&apos;s unanswered items.</source>
        <translation>Alle der Warteschlange zugewiesenen Prüfer beantworten jeden Eintrag der Runde, verdeckt: Niemand sieht die Antwort eines anderen, bevor Sie die Runde abschließen. Die Einträge werden aus den unbeantworteten Einträgen der Warteschlange gezogen.</translation>
    </message>
    <message>
        <source>&amp;Start round</source>
        <translation>Runde &amp;beginnen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Items to sample:</source>
        <translation>&amp;Einträge in der Stichprobe:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>&amp;Startwert:</translation>
    </message>
    <message>
        <source>Or paste run ids, one per line, to choose the items by hand</source>
        <translation>Oder Lauf-IDs einfügen, eine pro Zeile, um die Einträge von Hand zu wählen</translation>
    </message>
    <message>
        <source>&amp;Runs:</source>
        <translation>&amp;Läufe:</translation>
    </message>
</context>
<context>
    <name>assay::app::SyncStatus</name>
    <message>
        <source>OFFLINE</source>
        <translation>OFFLINE</translation>
    </message>
    <message>
        <source>No connection to the server. Keep reviewing: answers are saved on this computer and sent when the connection is back.</source>
        <translation>Keine Verbindung zum Server. Prüfen Sie weiter: Antworten werden auf diesem Computer gespeichert und gesendet, sobald die Verbindung zurück ist.</translation>
    </message>
    <message>
        <source>SIGNED OUT</source>
        <translation>ABGEMELDET</translation>
    </message>
    <message>
        <source>The server refused the API key. Connect again with a valid key.</source>
        <translation>Der Server hat den API-Schlüssel abgelehnt. Verbinden Sie sich erneut mit einem gültigen Schlüssel.</translation>
    </message>
    <message>
        <source>ONLINE · RETRYING</source>
        <translation>ONLINE · NEUER VERSUCH</translation>
    </message>
    <message>
        <source>The server had a problem; the next try is automatic.</source>
        <translation>Der Server hatte ein Problem; der nächste Versuch kommt von selbst.</translation>
    </message>
    <message>
        <source>ONLINE</source>
        <translation>ONLINE</translation>
    </message>
    <message>
        <source>Sending answers…</source>
        <translation>Sende Antworten…</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message>
        <source>Checking out items…</source>
        <translation>Leihe Einträge aus…</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>last error: %1</source>
        <translation>letzter Fehler: %1</translation>
    </message>
    <message>
        <source>Request id %1 (tell your admin if this keeps happening)</source>
        <translation>Anfrage-ID %1 (sagen Sie Ihrer Administration Bescheid, wenn das wiederholt passiert)</translation>
    </message>
    <message numerus="yes">
        <source>%n unsent</source>
        <translation>
            <numerusform>%n nicht gesendet</numerusform>
            <numerusform>%n nicht gesendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need attention</source>
        <translation>
            <numerusform>%n braucht Aufmerksamkeit</numerusform>
            <numerusform>%n brauchen Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message>
        <source>No items reviewed yet this session</source>
        <translation>In dieser Sitzung noch nichts geprüft</translation>
    </message>
    <message numerus="yes">
        <source>%n reviewed</source>
        <translation>
            <numerusform>%n geprüft</numerusform>
            <numerusform>%n geprüft</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 per hour</source>
        <translation>%1 pro Stunde</translation>
    </message>
    <message>
        <source>%1 s per item</source>
        <translation>%1 s pro Eintrag</translation>
    </message>
    <message>
        <source>Last synced just now</source>
        <translation>Zuletzt gerade eben synchronisiert</translation>
    </message>
    <message numerus="yes">
        <source>Last synced %n min ago</source>
        <translation>
            <numerusform>Zuletzt vor %n Minute synchronisiert</numerusform>
            <numerusform>Zuletzt vor %n Minuten synchronisiert</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>assay::app::TraceDetails</name>
    <message>
        <source>Pick a run to see its inputs and outputs.</source>
        <translation>Wählen Sie einen Lauf, um seine Ein- und Ausgaben zu sehen.</translation>
    </message>
</context>
<context>
    <name>assay::app::TracesPage</name>
    <message>
        <source>&amp;Root runs only</source>
        <translation>Nur &amp;Wurzel-Runs</translation>
    </message>
    <message>
        <source>Filter, e.g. metadata.eval_score &lt; 0.5 — Enter applies it</source>
        <translation>Filter, z. B. metadata.eval_score &lt; 0.5 — Enter wendet ihn an</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>F&amp;ilter:</source>
        <translation>F&amp;ilter:</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) shown; scroll for more</source>
        <translation>
            <numerusform>%n Run angezeigt; scrollen für mehr</numerusform>
            <numerusform>%n Runs angezeigt; scrollen für mehr</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n Run</numerusform>
            <numerusform>%n Runs</numerusform>
        </translation>
    </message>
    <message>
        <source>Add to &amp;queue…</source>
        <translation>Zur &amp;Warteschlange hinzufügen…</translation>
    </message>
    <message>
        <source>The selected runs, or every run matching the filter</source>
        <translation>Die ausgewählten Läufe oder jeder Lauf, auf den der Filter passt</translation>
    </message>
    <message>
        <source>E&amp;xport reviewed…</source>
        <translation>Geprüfte e&amp;xportieren…</translation>
    </message>
    <message>
        <source>The queue items of the runs matching the filter, with their answers</source>
        <translation>Die Warteschlangeneinträge der Läufe, auf die der Filter passt, mit ihren Antworten</translation>
    </message>
</context>
<context>
    <name>assay::client::AdjudicationModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>Uneinigkeit</translation>
    </message>
    <message>
        <source>Fields in dispute</source>
        <translation>Strittige Felder</translation>
    </message>
</context>
<context>
    <name>assay::client::AgreementTableModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>interval</source>
        <translation>Intervall</translation>
    </message>
    <message>
        <source>nominal</source>
        <translation>nominal</translation>
    </message>
    <message>
        <source>%1/%2: %3</source>
        <translation>%1/%2: %3</translation>
    </message>
    <message>
        <source>Rubric needs clarification</source>
        <translation>Bewertungsschema muss geklärt werden</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <source>Fleiss&apos; κ</source>
        <translation>Fleiss’ κ</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s α</source>
        <translation>Krippendorffs α</translation>
    </message>
    <message>
        <source>Cohen&apos;s κ per pair</source>
        <translation>Cohens κ pro Paar</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Markierung</translation>
    </message>
</context>
<context>
    <name>assay::client::ExportDownload</name>
    <message>
        <source>Cannot write the export: %1</source>
        <translation>Der Export kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>The server answered %1.</source>
        <translation>Der Server antwortete %1.</translation>
    </message>
    <message>
        <source>The export was cut short: %1</source>
        <translation>Der Export wurde abgebrochen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) written to %1.</source>
        <translation>
            <numerusform>%n Datensatz nach %1 geschrieben.</numerusform>
            <numerusform>%n Datensätze nach %1 geschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Export abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
</context>
<context>
    <name>assay::client::LeadQueueListModel</name>
    <message numerus="yes">
        <source>%1 — %n run(s), rubric v%2</source>
        <translation>
            <numerusform>%1 — %n Lauf, Schema v%2</numerusform>
            <numerusform>%1 — %n Läufe, Schema v%2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>assay::client::ReviewSession</name>
    <message>
        <source>This queue is no longer assigned to you.</source>
        <translation>Diese Warteschlange ist Ihnen nicht mehr zugewiesen.</translation>
    </message>
    <message>
        <source>That item is no longer checked out to you.</source>
        <translation>Dieser Eintrag ist nicht mehr an Sie ausgeliehen.</translation>
    </message>
    <message>
        <source>The item is no longer in the local cache.</source>
        <translation>Der Eintrag ist nicht mehr im lokalen Zwischenspeicher.</translation>
    </message>
</context>
<context>
    <name>assay::client::ReviewerHealthModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <source>In all</source>
        <translation>Insgesamt</translation>
    </message>
    <message>
        <source>Leased</source>
        <translation>Ausgeliehen</translation>
    </message>
    <message>
        <source>Median s per item</source>
        <translation>Median s pro Eintrag</translation>
    </message>
    <message>
        <source>Odd one out</source>
        <translation>Allein abweichend</translation>
    </message>
</context>
<context>
    <name>assay::client::RubricDesignModel</name>
    <message>
        <source>categorical</source>
        <translation>kategorisch</translation>
    </message>
    <message>
        <source>continuous</source>
        <translation>stetig</translation>
    </message>
    <message>
        <source>freeform</source>
        <translation>Freitext</translation>
    </message>
</context>
<context>
    <name>assay::client::RubricFormModel</name>
    <message>
        <source>is required</source>
        <translation>ist erforderlich</translation>
    </message>
    <message numerus="yes">
        <source>is %n characters long; at most %1 fit</source>
        <translation>
            <numerusform>ist %n Zeichen lang; höchstens %1 passen</numerusform>
            <numerusform>ist %n Zeichen lang; höchstens %1 passen</numerusform>
        </translation>
    </message>
    <message>
        <source>must be between %1 and %2</source>
        <translation>muss zwischen %1 und %2 liegen</translation>
    </message>
</context>
<context>
    <name>assay::client::RubricOptionModel</name>
    <message>
        <source>Only the first nine options can be picked with a digit key.</source>
        <translation>Nur die ersten neun Optionen lassen sich mit einer Zifferntaste wählen.</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>Option</translation>
    </message>
    <message>
        <source>What it means (reviewers see it)</source>
        <translation>Bedeutung (Prüfer sehen sie)</translation>
    </message>
</context>
<context>
    <name>assay::client::RuleListModel</name>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Sampled</source>
        <translation>Stichprobe</translation>
    </message>
    <message>
        <source>Evaluated</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Gepasst</translation>
    </message>
    <message>
        <source>Sampled in</source>
        <translation>Gezogen</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>assay::client::RunTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Warteschlangen</translation>
    </message>
    <message>
        <source>The server&apos;s run count is not a number.</source>
        <translation>Die Anzahl der Läufe, die der Server meldet, ist keine Zahl.</translation>
    </message>
</context>
<context>
    <name>assay::client::RunTreeModel</name>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>assay::client::UserListModel</name>
    <message>
        <source> (disabled)</source>
        <translation> (gesperrt)</translation>
    </message>
</context>
</TS>
