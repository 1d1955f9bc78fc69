"""Unit tests need no app: services get a plain SQLAlchemy session."""
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from backend.extensions import db
from backend.models import User


@pytest.fixture
def session():
    engine = create_engine("sqlite://", poolclass=StaticPool)
    db.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def applicant(session):
    user = User(phone="13700000000")
    session.add(user)
    session.commit()
    return user
