from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Regexp

from app.services.signin import CodeResult
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l


class AddressForm(FlaskForm):
    address = StringField(
        _l("Email address or mobile phone number"),
        widget=GovTextInput(),
        description=_l("Use the one your social worker has for you."),
        validators=[
            InputRequired(message=_l("Enter your email address or mobile phone number")),
            Length(max=254, message=_l("That is too long to be an email address or phone number")),
            Regexp(r"^\s*([^@\s]+@[^@\s]+\.[^@\s]+|\+?[\d\s()-]{10,20})\s*$",
                   message=_l("Enter an email address like name@example.com, "
                              "or a mobile number like 07700 900 123")),
        ],
    )
    submit = SubmitField(_l("Send me a code"), widget=GovSubmitInput())


class SendCodeForm(FlaskForm):
    submit = SubmitField(_l("Send me a code"), widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        _l("Sign-in code"),
        widget=GovTextInput(),
        description=_l("The code is 6 numbers, for example 123456."),
        validators=[
            InputRequired(message=_l("Enter the 6-number code we sent you")),
            Regexp(r"^\s*(\d\s*){6}$", message=_l("The code must be 6 numbers")),
        ],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())

    def refuse(self, result):
        """Say why a code of the right shape was not accepted (a signin.CodeResult)."""
        if result == CodeResult.WRONG:
            self.code.errors.append(_("That code is not right. Check it and try again."))
        else:
            self.code.errors.append(_("That code has stopped working. Ask for a new code."))


class StaffSignInForm(FlaskForm):
    email = StringField(
        _l("Email address"), widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter your email address"))],
    )
    password = PasswordField(
        _l("Password"), widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your password"))],
    )
    totp = StringField(
        _l("Code from your authenticator app"), widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the 6-number code from your authenticator app")),
            Regexp(r"^\s*(\d\s*){6}$", message=_l("The code must be 6 numbers")),
        ],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())

    def refuse(self):
        """Wrong details: which one is never said, and the password is not shown again."""
        self.password.data = ""
        self.email.errors.append(
            _("The email address, password or code is not right. Check them and try again."))


class SignOutForm(FlaskForm):
    pass
