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
        <location filename="../../pos_app/ui/kiosk_capture.py" line="42" />
        <location filename="../../pos_app/ui/kiosk_claim.py" line="50" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_capture.py" line="56" />
        <source>Look at the camera</source>
        <translation>Se mot kameraet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_capture.py" line="63" />
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
        <location filename="../../pos_app/ui/kiosk_result.py" line="96" />
        <source>Scan the code with your phone to keep the receipt, or ask staff for a printout.</source>
        <translation>Skann koden med telefonen for å ta vare på kvitteringen, eller be betjeningen om en utskrift.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="175" />
        <source>FacePay checkout</source>
        <translation>FacePay-kasse</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/widgets.py" line="104" />
        <source>Camera on</source>
        <translation>Kamera på</translation>
    </message>
</context>
</TS>