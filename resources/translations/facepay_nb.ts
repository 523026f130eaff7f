<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name />
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="34" />
        <source>Amount due</source>
        <translation>Å betale</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="35" />
        <source>Pay with face</source>
        <translation>Betal med ansiktet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="36" />
        <location filename="../../pos_app/ui/kiosk_claim.py" line="51" />
        <location filename="../../pos_app/ui/kiosk_result.py" line="48" />
        <source>Pay another way</source>
        <translation>Betal på en annen måte</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="39" />
        <source>Face payment is not available on this kiosk right now. Please pay another way.</source>
        <translation>Ansiktsbetaling er ikke tilgjengelig på denne kiosken akkurat nå. Betal på en annen måte.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="38" />
        <source>Link a bank account</source>
        <translation>Koble til en bankkonto</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="39" />
        <source>The bank gives FacePay a payment token; the account number itself is not stored.</source>
        <translation>Banken gir FacePay et betalingstoken; selve kontonummeret lagres ikke.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="40" />
        <source>Account number</source>
        <translation>Kontonummer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="41" />
        <source>Link account</source>
        <translation>Koble til konto</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="42" />
        <location filename="../../pos_app/ui/desk_capture.py" line="42" />
        <location filename="../../pos_app/ui/kiosk_capture.py" line="32" />
        <location filename="../../pos_app/ui/kiosk_claim.py" line="50" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_capture.py" line="46" />
        <source>Look at the camera</source>
        <translation>Se mot kameraet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_capture.py" line="53" />
        <location filename="../../pos_app/ui/kiosk_result.py" line="69" />
        <source>Verifying…</source>
        <translation>Kontrollerer …</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="47" />
        <source>Hold your FacePay pass up to the camera</source>
        <translation>Hold FacePay-passet ditt opp mot kameraet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="48" />
        <source>Type your phone number</source>
        <translation>Skriv inn telefonnummeret ditt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="49" />
        <location filename="../../pos_app/ui/kiosk_idle.py" line="44" />
        <source>Continue</source>
        <translation>Fortsett</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="40" />
        <source>Welcome to FacePay</source>
        <translation>Velkommen til FacePay</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="41" />
        <source>Type the basket total, then continue.</source>
        <translation>Skriv inn totalbeløpet og trykk Fortsett.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="42" />
        <source>The cashier will send your total to this screen.</source>
        <translation>Kassen sender beløpet ditt til denne skjermen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="43" />
        <source>Total, e.g. 125,50</source>
        <translation>Beløp, f.eks. 125,50</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="64" />
        <source>Type an amount above zero, like 125,50.</source>
        <translation>Skriv et beløp over null, for eksempel 125,50.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="47" />
        <source>Try again</source>
        <translation>Prøv igjen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="49" />
        <source>Done</source>
        <translation>Ferdig</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="67" />
        <source>Payment approved</source>
        <translation>Betalingen er godkjent</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="67" />
        <source>Payment declined</source>
        <translation>Betalingen ble avvist</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="68" />
        <source>Payment not completed</source>
        <translation>Betalingen ble ikke gjennomført</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="68" />
        <source>Face payment is paused</source>
        <translation>Ansiktsbetaling er satt på pause</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="69" />
        <source>Please pay another way</source>
        <translation>Betal på en annen måte</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="77" />
        <source>Charged to account {account}. Thank you!</source>
        <translation>Trukket fra konto {account}. Takk!</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="79" />
        <source>Pay at the register with a card or cash. You have not been charged.</source>
        <translation>Betal i kassen med kort eller kontanter. Du er ikke belastet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="98" />
        <source>Scan the code with your phone to keep the receipt, or ask staff for a printout.</source>
        <translation>Skann koden med telefonen for å ta vare på kvitteringen, eller be betjeningen om en utskrift.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="176" />
        <source>FacePay checkout</source>
        <translation>FacePay-kasse</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/widgets.py" line="118" />
        <source>Camera on</source>
        <translation>Kamera på</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="41" />
        <source>Run the test verification</source>
        <translation>Kjør testverifiseringen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="56" />
        <source>Test verification</source>
        <translation>Testverifisering</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="56" />
        <source>Face capture</source>
        <translation>Ansiktsopptak</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="60" />
        <source>Ask the customer to look at the camera, then run the test.</source>
        <translation>Be kunden se mot kameraet, og kjør så testen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="36" />
        <source>Consent to face payment</source>
        <translation>Samtykke til ansiktsbetaling</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="37" />
        <source>I have read this and I agree to pay with my face</source>
        <translation>Jeg har lest dette og samtykker til å betale med ansiktet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="38" />
        <source>I agree</source>
        <translation>Jeg samtykker</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="39" />
        <source>I do not agree</source>
        <translation>Jeg samtykker ikke</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="42" />
        <source>Consent text version {version}</source>
        <translation>Samtykketekst versjon {version}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="73" />
        <source>New customer</source>
        <translation>Ny kunde</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="74" />
        <source>Full name</source>
        <translation>Fullt navn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="76" />
        <source>Start enrollment</source>
        <translation>Start registrering</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="77" />
        <source>Existing customers</source>
        <translation>Eksisterende kunder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="75" />
        <source>Phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="78" />
        <source>Search: name, phone or id</source>
        <translation>Søk: navn, telefon eller ID</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="79" />
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="79" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="79" />
        <source>Enrolled</source>
        <translation>Registrert</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="79" />
        <source>Last used</source>
        <translation>Sist brukt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="80" />
        <source>Re-enroll</source>
        <translation>Registrer på nytt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="81" />
        <source>Export data</source>
        <translation>Eksporter data</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="82" />
        <source>Withdraw consent and erase</source>
        <translation>Trekk samtykke og slett</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="83" />
        <source>Sign out</source>
        <translation>Logg ut</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="106" />
        <location filename="../../pos_app/ui/desk_details.py" line="113" />
        <source>Select a customer first.</source>
        <translation>Velg en kunde først.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="116" />
        <source>Withdraw consent</source>
        <translation>Trekk samtykke</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="117" />
        <source>Erase this customer's face template and bank link now? This cannot be undone.</source>
        <translation>Slette kundens ansiktsmal og bankkobling nå? Dette kan ikke angres.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="32" />
        <source>Service desk: sign in</source>
        <translation>Kundeservice: logg inn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="33" />
        <source>User name</source>
        <translation>Brukernavn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="34" />
        <source>PIN</source>
        <translation>PIN-kode</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="35" />
        <source>Sign in</source>
        <translation>Logg inn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="35" />
        <source>Enrolled: hand over the FacePay pass</source>
        <translation>Registrert: gi kunden FacePay-passet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="36" />
        <source>Save or print the pass (PDF)…</source>
        <translation>Lagre eller skriv ut passet (PDF) …</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="37" />
        <source>Next customer</source>
        <translation>Neste kunde</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="48" />
        <source>Save the pass</source>
        <translation>Lagre passet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_window.py" line="107" />
        <source>Enrollment is not available on this desk: {reason}</source>
        <translation>Registrering er ikke tilgjengelig på denne pulten: {reason}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_window.py" line="152" />
        <source>FacePay service desk</source>
        <translation>FacePay kundeservice</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="14" />
        <source>Enter the customer's name.</source>
        <translation>Skriv inn kundens navn.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="14" />
        <source>This store needs the customer's phone number.</source>
        <translation>Denne butikken trenger kundens telefonnummer.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="15" />
        <source>That customer has no active enrollment.</source>
        <translation>Denne kunden har ingen aktiv registrering.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="15" />
        <source>No consent: nothing was stored.</source>
        <translation>Ikke samtykke: ingenting ble lagret.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="16" />
        <source>Let's try that again</source>
        <translation>La oss prøve igjen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="16" />
        <source>The bank would not link that account</source>
        <translation>Banken ville ikke koble til den kontoen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="17" />
        <source>Look at the camera for the test.</source>
        <translation>Se mot kameraet for testen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="18" />
        <source>The test did not match; capture again or check who is in front of the camera.</source>
        <translation>Testen stemte ikke; ta opp på nytt eller sjekk hvem som står foran kameraet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="19" />
        <source>Enrolled. Give the customer their FacePay pass.</source>
        <translation>Registrert. Gi kunden FacePay-passet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="19" />
        <source>Cancelled: nothing was stored.</source>
        <translation>Avbrutt: ingenting ble lagret.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="20" />
        <source>Export failed</source>
        <translation>Eksporten mislyktes</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="20" />
        <source>Exported to</source>
        <translation>Eksportert til</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="20" />
        <source>Saved the pass to</source>
        <translation>Passet er lagret i</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="21" />
        <source>Consent withdrawn: the face template and bank link are erased.</source>
        <translation>Samtykket er trukket: ansiktsmalen og bankkoblingen er slettet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="22" />
        <source>The camera gave no picture. Check it and try again.</source>
        <translation>Kameraet ga ikke noe bilde. Sjekk det og prøv igjen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="23" />
        <source>Enrollment is not available on this desk right now.</source>
        <translation>Registrering er ikke tilgjengelig på denne pulten nå.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="23" />
        <source>You are not allowed to do that.</source>
        <translation>Du har ikke lov til å gjøre det.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="24" />
        <source>Something went wrong; nothing was stored. Start again.</source>
        <translation>Noe gikk galt; ingenting ble lagret. Begynn på nytt.</translation>
    </message>
</context>
</TS>