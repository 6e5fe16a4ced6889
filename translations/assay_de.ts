<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
</context>
</TS>
